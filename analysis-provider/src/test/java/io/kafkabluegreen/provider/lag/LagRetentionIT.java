package io.kafkabluegreen.provider.lag;

import static io.kafkabluegreen.provider.lag.LagApiIT.assertPartition;
import static io.kafkabluegreen.provider.lag.LagApiIT.partition;
import static io.kafkabluegreen.provider.lag.LagFixtures.PATIENCE;
import static io.kafkabluegreen.provider.lag.LagFixtures.commit;
import static io.kafkabluegreen.provider.lag.LagFixtures.deleteRecordsBefore;
import static io.kafkabluegreen.provider.lag.LagFixtures.get;
import static io.kafkabluegreen.provider.lag.LagFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.kafkabluegreen.provider.lag.RunningProvider.Response;
import io.kafkabluegreen.tests.kafka.KafkaBroker;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Records and topics that disappear under a group: retention (or deleteRecords) behind the
 * committed offset or before any commit gives no phantom lag; a deleted topic's leftover offsets
 * never count as lag and never break an answer.
 */
class LagRetentionIT {

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

  private static JsonNode lagOk(String query) {
    Response r = provider.get("/v1/lag?" + query);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  @Test
  void
      When_records_are_deleted_behind_the_committed_offset_or_before_any_commit_Then_no_phantom_lag() {
    String topic = unique("deleted-records");
    String group = unique("g-deleted-records");
    broker.createTopic(topic, 2);
    broker.produce(topic, 0, 10);
    broker.produce(topic, 1, 10);
    commit(admin, group, topic, 3);
    deleteRecordsBefore(admin, topic, 0, 6);
    deleteRecordsBefore(admin, topic, 1, 7);

    JsonNode report = lagOk("group=" + group);

    // committed 3 but records 0..5 are gone: only 6..9 are left to read
    assertPartition(partition(report, topic, 0), 3, 10, 6, 4);
    // never committed: 7..9 are readable, not the 10 the end offset suggests
    JsonNode neverCommitted = partition(report, topic, 1);
    assertThat(neverCommitted.get("committed").isNull()).isTrue();
    assertThat(neverCommitted.get("logStart").asLong()).isEqualTo(7);
    assertThat(neverCommitted.get("lag").asLong()).isEqualTo(3);
    assertThat(report.get("totalLag").asLong()).isEqualTo(7);
  }

  @Test
  void When_time_retention_removes_the_records_Then_lag_counts_only_what_is_left() {
    String topic = unique("retention");
    String group = unique("g-retention");
    broker.createTopic(topic, 2, Map.of("retention.ms", "1000", "segment.ms", "100"));
    broker.produce(topic, 0, 10);
    broker.produce(topic, 1, 10);
    commit(admin, group, topic, 3);

    // the broker checks retention every second; an expired active segment is rolled and removed
    await()
        .atMost(PATIENCE)
        .pollInterval(java.time.Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              JsonNode report = lagOk("group=" + group);
              for (int p = 0; p < 2; p++) {
                assertThat(partition(report, topic, p).get("logStart").asLong()).isEqualTo(10);
              }
            });

    JsonNode report = lagOk("group=" + group);
    // committed 3 on partition 0 (phantom lag would be 7), nothing on partition 1 (would be 10)
    assertPartition(partition(report, topic, 0), 3, 10, 10, 0);
    assertThat(partition(report, topic, 1).get("lag").asLong()).isZero();
    assertThat(report.get("totalLag").asLong()).isZero();
  }

  @Test
  void
      When_a_topic_is_deleted_under_the_group_Then_its_offsets_never_count_as_lag_and_nothing_fails() {
    String live = unique("live");
    String doomed = unique("doomed");
    String group = unique("g-doomed");
    broker.createTopic(live, 1);
    broker.createTopic(doomed, 2);
    broker.produce(live, 0, 10);
    broker.produce(doomed, 0, 10);
    broker.produce(doomed, 1, 10);
    commit(admin, group, live, 4);
    commit(admin, group, doomed, 1, 1);
    assertThat(lagOk("group=" + group).get("totalLag").asLong()).isEqualTo(6 + 9 + 9);

    get(admin.deleteTopics(List.of(doomed)).all());

    // Kafka removes a deleted topic's offsets from the group shortly after the topic; meanwhile
    // they are leftovers without a topic. Every answer along the way must be a clean 200 in which
    // the deleted topic carries no lag.
    List<JsonNode> answers = new java.util.ArrayList<>();
    await()
        .atMost(PATIENCE)
        .pollInterval(java.time.Duration.ofMillis(200))
        .until(
            () -> {
              Response r = provider.get("/v1/lag?group=" + group);
              assertThat(r.status()).as(r.body()).isEqualTo(200);
              answers.add(r.json());
              return r.json().get("orphanedOffsets").isEmpty();
            });
    for (JsonNode report : answers) {
      assertThat(report.get("totalLag").asLong()).isEqualTo(6);
      assertThat(report.get("partitions")).hasSize(1);
      for (JsonNode orphan : report.get("orphanedOffsets")) {
        assertThat(orphan.get("topic").asText()).isEqualTo(doomed);
        assertThat(orphan.get("committed").asLong()).isEqualTo(1);
      }
    }
    Response gone = provider.get("/v1/lag?group=" + group + "&topic=" + doomed);
    assertThat(gone.status()).isEqualTo(404);
    assertThat(gone.json().get("detail").asText()).contains(doomed);
  }
}
