package io.kafkabluegreen.provider.lag;

import static io.kafkabluegreen.provider.lag.LagFixtures.PATIENCE;
import static io.kafkabluegreen.provider.lag.LagFixtures.commit;
import static io.kafkabluegreen.provider.lag.LagFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.kafkabluegreen.provider.lag.RunningProvider.Response;
import io.kafkabluegreen.tests.kafka.KafkaBroker;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/lag} against a real broker: the exact numbers of docs/design.md §7. */
class LagApiIT {

  private static KafkaBroker broker;
  private static Admin admin;
  private static RunningProvider provider;

  @BeforeAll
  static void start() {
    broker = KafkaBroker.shared();
    admin = broker.admin();
    provider = RunningProvider.start(broker.bootstrapServers());
  }

  @AfterAll
  static void stop() {
    provider.close();
  }

  static JsonNode partition(JsonNode report, String topic, int partition) {
    for (JsonNode p : report.get("partitions")) {
      if (p.get("topic").asText().equals(topic) && p.get("partition").asInt() == partition) {
        return p;
      }
    }
    throw new AssertionError("no " + topic + "-" + partition + " in " + report);
  }

  private static JsonNode lagOk(String query) {
    Response r = provider.get("/v1/lag?" + query);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  @Test
  void When_offsets_are_known_Then_lag_is_exact_per_partition() {
    String topic = unique("exact");
    String group = unique("g-exact");
    broker.createTopic(topic, 3);
    broker.produce(topic, 0, 10);
    broker.produce(topic, 1, 20);
    broker.produce(topic, 2, 30);
    commit(admin, group, topic, 4, 20, 5);

    JsonNode report = lagOk("group=" + group);

    assertThat(report.get("group").asText()).isEqualTo(group);
    assertThat(report.get("state").asText()).isEqualTo("EMPTY");
    assertThat(report.get("members").asInt()).isZero();
    assertThat(report.get("isolation").asText()).isEqualTo("read_uncommitted");
    assertThat(report.get("partitions")).hasSize(3);
    assertPartition(partition(report, topic, 0), 4, 10, 0, 6);
    assertPartition(partition(report, topic, 1), 20, 20, 0, 0);
    assertPartition(partition(report, topic, 2), 5, 30, 0, 25);
    assertThat(report.get("totalLag").asLong()).isEqualTo(31);
    assertThat(report.get("maxLag").asLong()).isEqualTo(25);
    assertThat(report.get("orphanedOffsets")).isEmpty();
    assertThat(report.has("timeLagSeconds")).isFalse();
  }

  static void assertPartition(JsonNode p, long committed, long end, long logStart, long lag) {
    assertThat(p.get("committed").asLong()).as("committed of %s", p).isEqualTo(committed);
    assertThat(p.get("end").asLong()).as("end of %s", p).isEqualTo(end);
    assertThat(p.get("logStart").asLong()).as("logStart of %s", p).isEqualTo(logStart);
    assertThat(p.get("lag").asLong()).as("lag of %s", p).isEqualTo(lag);
  }

  @Test
  void When_partitions_were_never_committed_Then_they_count_what_is_readable_or_zero_at_latest() {
    String topic = unique("uncommitted");
    String group = unique("g-uncommitted");
    broker.createTopic(topic, 3);
    for (int p = 0; p < 3; p++) {
      broker.produce(topic, p, 10);
    }
    commit(admin, group, topic, 10);

    JsonNode earliest = lagOk("group=" + group);
    JsonNode latest = lagOk("group=" + group + "&uncommitted=latest");

    assertThat(partition(earliest, topic, 1).get("committed").isNull()).isTrue();
    assertThat(partition(earliest, topic, 1).get("lag").asLong()).isEqualTo(10);
    assertThat(partition(earliest, topic, 2).get("lag").asLong()).isEqualTo(10);
    assertThat(earliest.get("totalLag").asLong()).isEqualTo(20);
    assertThat(earliest.get("uncommitted").asText()).isEqualTo("earliest");
    assertThat(latest.get("totalLag").asLong()).isZero();
    assertThat(latest.get("uncommitted").asText()).isEqualTo("latest");
  }

  @Test
  void When_a_transaction_is_open_Then_lag_follows_the_requested_isolation() {
    String topic = unique("tx");
    String group = unique("g-tx");
    broker.createTopic(topic, 1);
    broker.produce(topic, 0, 5);
    Properties p = broker.clientProperties();
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, unique("tx-id"));
    try (KafkaProducer<String, String> tx =
        new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      tx.initTransactions();
      tx.beginTransaction();
      for (int i = 0; i < 3; i++) {
        tx.send(new ProducerRecord<>(topic, 0, "k", "open-" + i));
      }
      tx.flush();
      broker.produce(topic, 0, 2);
      commit(admin, group, topic, 2);

      JsonNode uncommitted = lagOk("group=" + group + "&isolation=read_uncommitted");
      JsonNode committed = lagOk("group=" + group + "&isolation=read_committed");

      // high watermark 10 (5 + 3 open + 2), last stable offset 5 (the open transaction's start)
      assertPartition(partition(uncommitted, topic, 0), 2, 10, 0, 8);
      assertPartition(partition(committed, topic, 0), 2, 5, 0, 3);
      assertThat(committed.get("isolation").asText()).isEqualTo("read_committed");

      tx.commitTransaction();
    }
    // the commit marker takes an offset too: 5 + 3 + 2 + 1
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertPartition(
                    partition(lagOk("group=" + group + "&isolation=read_committed"), topic, 0),
                    2,
                    11,
                    0,
                    9));
  }

  @Test
  void When_group_is_unknown_Then_404_problem() {
    String group = unique("g-nobody");

    Response r = provider.get("/v1/lag?group=" + group);

    assertThat(r.status()).isEqualTo(404);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.json().get("type").asText()).endsWith("/not-found");
    assertThat(r.json().get("detail").asText()).contains(group);
    assertThat(provider.get("/v1/lag/status?group=" + group).status()).isEqualTo(404);
  }

  @Test
  void When_topic_asked_for_does_not_exist_Then_404_naming_it() {
    String topic = unique("real");
    String group = unique("g-real");
    broker.createTopic(topic, 1);
    broker.produce(topic, 0, 3);
    commit(admin, group, topic, 1);

    Response r = provider.get("/v1/lag?group=" + group + "&topic=" + topic + "&topic=nope-x");

    assertThat(r.status()).isEqualTo(404);
    assertThat(r.json().get("detail").asText()).contains("nope-x");
  }

  @Test
  void When_topics_are_filtered_Then_only_those_are_reported() {
    String a = unique("a");
    String b = unique("b");
    String group = unique("g-filter");
    broker.createTopic(a, 1);
    broker.createTopic(b, 1);
    broker.produce(a, 0, 5);
    broker.produce(b, 0, 7);
    commit(admin, group, a, 0);
    commit(admin, group, b, 0);

    JsonNode onlyB = lagOk("group=" + group + "&topic=" + b);
    JsonNode both = lagOk("group=" + group + "&topic=" + a + "&topic=" + b);

    assertThat(onlyB.get("partitions")).hasSize(1);
    assertThat(onlyB.get("totalLag").asLong()).isEqualTo(7);
    assertThat(both.get("totalLag").asLong()).isEqualTo(12);
  }

  @Test
  void When_time_lag_is_asked_Then_it_is_the_age_of_the_next_unconsumed_record() {
    String topic = unique("timelag");
    String group = unique("g-timelag");
    broker.createTopic(topic, 2);
    long minuteAgo = System.currentTimeMillis() - 60_000;
    Properties p = broker.clientProperties();
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      for (int i = 0; i < 5; i++) {
        producer.send(new ProducerRecord<>(topic, 0, minuteAgo + i * 1000L, "k", "v" + i));
      }
      producer.send(new ProducerRecord<>(topic, 1, minuteAgo, "k", "done"));
      producer.flush();
    }
    commit(admin, group, topic, 2, 1);

    JsonNode report = lagOk("group=" + group + "&timeLag=true");

    // the next record of partition 0 is offset 2, written 58 s before "now"
    double p0 = partition(report, topic, 0).get("timeLagSeconds").asDouble();
    assertThat(p0).isBetween(57.0, 600.0);
    assertThat(partition(report, topic, 1).get("timeLagSeconds").asDouble()).isZero();
    assertThat(report.get("timeLagSeconds").asDouble()).isEqualTo(p0);
  }

  @Test
  void When_a_group_was_asked_about_Then_metrics_expose_its_lag() {
    String topic = unique("metrics");
    String group = unique("g-metrics");
    broker.createTopic(topic, 1);
    broker.produce(topic, 0, 9);
    commit(admin, group, topic, 2);
    lagOk("group=" + group);

    String metrics = provider.get("/metrics").body();

    assertThat(metrics)
        .contains(
            "kafka_bluegreen_consumer_lag_records{group=\""
                + group
                + "\",topic=\""
                + topic
                + "\",partition=\"0\",} 7.0")
        .contains("kafka_bluegreen_consumer_group_lag_records{group=\"" + group + "\",} 7.0")
        .contains("kafka_bluegreen_consumer_group_members{group=\"" + group + "\",} 0.0")
        .contains(
            "kafka_bluegreen_consumer_group_status{group=\"" + group + "\",status=\"WARN\",} 1.0")
        .contains("kafka_bluegreen_lag_read_duration_seconds_count{outcome=\"ok\",}")
        .contains(
            "kafka_bluegreen_http_request_duration_seconds_count{method=\"GET\",route=\"/v1/lag\"");
  }

  @Test
  void When_kafka_answers_Then_ready_and_healthy() {
    assertThat(provider.get("/readyz").status()).isEqualTo(200);
    assertThat(provider.get("/healthz").status()).isEqualTo(200);
  }
}
