package io.kafkabluegreen.provider.lag;

import static io.kafkabluegreen.provider.lag.LagFixtures.PATIENCE;
import static io.kafkabluegreen.provider.lag.LagFixtures.commit;
import static io.kafkabluegreen.provider.lag.LagFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.kafkabluegreen.provider.lag.RunningProvider.Response;
import io.kafkabluegreen.tests.kafka.KafkaBroker;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /v1/lag/status} over a short window (4 s, a sample every 400 ms) against real groups:
 * a member that never commits stalls, a group that commits its way down recovers, a group nobody
 * consumes stops, and a commit that goes back is a rewind.
 */
class LagStatusIT {

  private static KafkaBroker broker;
  private static Admin admin;
  private static RunningProvider provider;

  @BeforeAll
  static void start() {
    broker = KafkaBroker.shared();
    admin = broker.admin();
    provider =
        RunningProvider.start(
            broker.bootstrapServers(),
            "PROVIDER_LAG_WINDOW_MS",
            "4000",
            "PROVIDER_LAG_SAMPLE_INTERVAL_MS",
            "400",
            "PROVIDER_LAG_MAX_SAMPLES",
            "20");
  }

  @AfterAll
  static void stop() {
    provider.close();
  }

  private static JsonNode status(String group) {
    Response r = provider.get("/v1/lag/status?group=" + group);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  private static String topicWith(int records) {
    String topic = unique("status");
    broker.createTopic(topic, 1);
    broker.produce(topic, 0, records);
    return topic;
  }

  @Test
  void When_a_member_polls_but_never_commits_Then_STALL() throws Exception {
    String topic = topicWith(50);
    String group = unique("g-stall");
    commit(admin, group, topic, 10);
    Properties p = broker.clientProperties();
    p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    AtomicBoolean running = new AtomicBoolean(true);
    CountDownLatch assigned = new CountDownLatch(1);
    ExecutorService thread = Executors.newSingleThreadExecutor();
    thread.submit(
        () -> {
          try (KafkaConsumer<String, String> consumer =
              new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (running.get()) {
              consumer.poll(Duration.ofMillis(100));
              if (!consumer.assignment().isEmpty()) {
                assigned.countDown();
              }
            }
          }
          return null;
        });
    try {
      assertThat(assigned.await(60, TimeUnit.SECONDS)).isTrue();

      await()
          .atMost(PATIENCE)
          .untilAsserted(
              () -> {
                JsonNode s = status(group);
                assertThat(s.get("status").asText()).isEqualTo("STALL");
                assertThat(s.get("members").asInt()).isEqualTo(1);
                assertThat(s.get("samples").asInt()).isGreaterThan(1);
              });
      JsonNode s = status(group);
      JsonNode partition = s.get("partitions").get(0);
      assertThat(partition.get("status").asText()).isEqualTo("STALL");
      assertThat(partition.get("committed").asLong()).isEqualTo(10);
      assertThat(partition.get("committedChange").asLong()).isZero();
      assertThat(partition.get("lag").asLong()).isEqualTo(40);
    } finally {
      running.set(false);
      thread.shutdown();
      assertThat(thread.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void When_commits_bring_the_lag_down_Then_OK_and_when_they_stop_Then_STOP() {
    String topic = topicWith(100);
    String group = unique("g-recover");
    commit(admin, group, topic, 0);
    JsonNode first = status(group);
    assertThat(first.get("status").asText()).isEqualTo("WARN"); // one sample, lag 100

    // commit a step further each time a new sample has been taken
    for (long committed = 10; committed <= 40; committed += 10) {
      commit(admin, group, topic, committed);
      long expected = committed;
      await()
          .atMost(PATIENCE)
          .until(
              () -> status(group).get("partitions").get(0).get("committed").asLong() == expected);
    }
    JsonNode recovering = status(group);
    JsonNode partition = recovering.get("partitions").get(0);
    assertThat(recovering.get("status").asText()).isEqualTo("OK");
    assertThat(partition.get("lag").asLong()).isEqualTo(60);
    assertThat(partition.get("lagChange").asLong()).isNegative();
    assertThat(partition.get("committedChange").asLong()).isPositive();

    // no member and no more commits: once the moving samples left the window, nobody consumes
    await()
        .atMost(PATIENCE)
        .untilAsserted(() -> assertThat(status(group).get("status").asText()).isEqualTo("STOP"));
  }

  @Test
  void When_the_committed_offset_goes_back_Then_REWIND() {
    String topic = topicWith(60);
    String group = unique("g-rewind");
    commit(admin, group, topic, 50);
    assertThat(status(group).get("samples").asInt()).isEqualTo(1);
    await().atMost(PATIENCE).until(() -> status(group).get("samples").asInt() >= 2);

    commit(admin, group, topic, 20);

    await()
        .atMost(PATIENCE)
        .untilAsserted(() -> assertThat(status(group).get("status").asText()).isEqualTo("REWIND"));
    assertThat(status(group).get("partitions").get(0).get("committedChange").asLong()).isNegative();
  }

  @Test
  void When_a_group_is_tracked_Then_its_status_is_a_metric() {
    String topic = topicWith(5);
    String group = unique("g-metric");
    commit(admin, group, topic, 5);
    assertThat(status(group).get("status").asText()).isEqualTo("OK");

    assertThat(provider.get("/metrics").body())
        .contains(
            "kafka_bluegreen_consumer_group_status{group=\"" + group + "\",status=\"OK\",} 1.0")
        .contains(
            "kafka_bluegreen_consumer_group_status{group=\"" + group + "\",status=\"STOP\",} 0.0");
  }
}
