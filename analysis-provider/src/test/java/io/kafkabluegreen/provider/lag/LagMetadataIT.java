package io.kafkabluegreen.provider.lag;

import static io.kafkabluegreen.provider.lag.LagFixtures.PATIENCE;
import static io.kafkabluegreen.provider.lag.LagFixtures.commit;
import static io.kafkabluegreen.provider.lag.LagFixtures.get;
import static io.kafkabluegreen.provider.lag.LagFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.kafkabluegreen.provider.lag.RunningProvider.Response;
import io.kafkabluegreen.tests.kafka.KafkaBroker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the read reuses from one call to the next (partition counts, a group's protocol) never makes
 * an answer wrong once Kafka contradicts it.
 */
class LagMetadataIT {

  private static KafkaBroker broker;
  private static RunningProvider provider;

  @BeforeAll
  static void start() {
    broker = KafkaBroker.shared();
    provider = RunningProvider.start(broker.bootstrapServers());
  }

  @AfterAll
  static void stop() {
    provider.close();
  }

  private static JsonNode ok(String query) {
    Response r = provider.get("/v1/lag?" + query);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  @Test
  void When_partitions_are_added_and_committed_on_Then_the_next_read_reports_all_of_them() {
    String topic = unique("grown");
    String group = unique("g-grown");
    broker.createTopic(topic, 2);
    broker.produce(topic, 0, 5);
    commit(broker.admin(), group, topic, 1);
    assertThat(ok("group=" + group).get("partitions")).hasSize(2); // the count of 2 is now known

    get(broker.admin().createPartitions(Map.of(topic, NewPartitions.increaseTo(4))).all());
    broker.produce(topic, 2, 3);
    broker.produce(topic, 3, 7);
    commit(broker.admin(), group, topic, -1, -1, -1, 2);

    JsonNode report = ok("group=" + group);

    assertThat(report.get("partitions")).hasSize(4);
    assertThat(LagApiIT.partition(report, topic, 2).get("lag").asLong()).isEqualTo(3);
    assertThat(LagApiIT.partition(report, topic, 3).get("lag").asLong()).isEqualTo(5);
    assertThat(report.get("totalLag").asLong()).isEqualTo(4 + 0 + 3 + 5);
  }

  /**
   * Kafka drops the group's offsets of a deleted topic too, so they show as orphans only while that
   * is under way; either way the topic's partitions leave the answer although its count was known.
   */
  @Test
  void When_a_known_topic_is_deleted_Then_its_partitions_leave_the_answer() {
    String kept = unique("kept");
    String deleted = unique("deleted");
    String group = unique("g-deleted");
    broker.createTopic(kept, 1);
    broker.createTopic(deleted, 2);
    broker.produce(kept, 0, 4);
    broker.produce(deleted, 0, 4);
    commit(broker.admin(), group, kept, 1);
    commit(broker.admin(), group, deleted, 1, 0);
    assertThat(ok("group=" + group).get("partitions")).hasSize(3);

    get(broker.admin().deleteTopics(List.of(deleted)).all());

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              JsonNode report = ok("group=" + group);
              assertThat(report.get("partitions")).hasSize(1);
              assertThat(report.get("partitions").get(0).get("topic").asText()).isEqualTo(kept);
              assertThat(report.get("totalLag").asLong()).isEqualTo(3);
              for (JsonNode orphan : report.get("orphanedOffsets")) {
                assertThat(orphan.get("topic").asText()).isEqualTo(deleted);
              }
            });
  }

  @Test
  void When_a_classic_group_is_taken_over_by_the_consumer_protocol_Then_its_state_follows() {
    String topic = unique("protocol");
    String group = unique("g-protocol");
    broker.createTopic(topic, 2);
    broker.produce(topic, 0, 6);
    commit(broker.admin(), group, topic, 1, 0);
    JsonNode classic = ok("group=" + group); // a classic group, described the classic way next
    assertThat(classic.get("state").asText()).isEqualTo("EMPTY");

    Properties p = broker.clientProperties();
    p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    p.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      await()
          .atMost(PATIENCE)
          .untilAsserted(
              () -> {
                consumer.poll(Duration.ofMillis(100));
                assertThat(consumer.assignment()).hasSize(2);
              });

      await()
          .atMost(PATIENCE)
          .untilAsserted(
              () -> {
                JsonNode report = ok("group=" + group);
                assertThat(report.get("state").asText()).isEqualTo("STABLE");
                assertThat(report.get("members").asInt()).isEqualTo(1);
                assertThat(report.get("totalLag").asLong()).isEqualTo(5);
              });
    }
  }
}
