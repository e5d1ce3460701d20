package io.kafkabluegreen.provider.lag;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkabluegreen.provider.http.HttpServer;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The two answers of {@code GET /v1/lag} for one snapshot: the totals answer adds up to the full
 * one, and the streaming writer produces exactly what Jackson makes of the records.
 */
class LagAnswerTest {

  private static final ObjectMapper JSON = HttpServer.objectMapper();

  /** Two topics, a never-committed partition, phantom lag cut by retention, an orphan. */
  private static LagReport report() {
    Map<TopicPartition, Long> committed = new HashMap<>();
    Map<TopicPartition, Long> end = new HashMap<>();
    Map<TopicPartition, Long> logStart = new HashMap<>();
    for (int p = 0; p < 3; p++) {
      TopicPartition a = new TopicPartition("a", p);
      committed.put(a, 10L * p);
      end.put(a, 50L);
      logStart.put(a, p == 0 ? 5L : 0L);
    }
    TopicPartition b0 = new TopicPartition("b", 0);
    TopicPartition b1 = new TopicPartition("b", 1);
    end.put(b0, 7L);
    logStart.put(b0, 2L);
    end.put(b1, 9L);
    logStart.put(b1, 0L);
    committed.put(b1, 9L);
    committed.put(new TopicPartition("gone", 4), 3L);
    OffsetSnapshot snapshot =
        new OffsetSnapshot(
            "g", "STABLE", 2, committed, end, logStart, Instant.parse("2026-01-02T03:04:05.678Z"));
    return LagCalculator.compute(
        snapshot,
        new LagQuery(
            "g",
            new TreeSet<>(),
            IsolationLevel.READ_UNCOMMITTED,
            UncommittedPolicy.EARLIEST,
            false));
  }

  @Test
  void When_totals_are_asked_Then_they_equal_the_full_answer_summed_per_topic() {
    LagReport full = report();

    LagTotals totals = LagTotals.of(full, false);

    assertThat(totals.totalLag()).isEqualTo(full.totalLag()).isEqualTo(45 + 40 + 30 + 5);
    assertThat(totals.maxLag()).isEqualTo(full.maxLag()).isEqualTo(45);
    assertThat(totals.partitionCount()).isEqualTo(full.partitions().size()).isEqualTo(5);
    assertThat(totals.topics())
        .containsExactly(new TopicLag("a", 3, 115, 45, null), new TopicLag("b", 2, 5, 5, null));
    assertThat(totals.orphanedOffsets()).isEqualTo(1);
    assertThat(totals.state()).isEqualTo(full.state());
    assertThat(totals.members()).isEqualTo(full.members());
    assertThat(totals.readAt()).isEqualTo(full.readAt());
  }

  @Test
  void When_the_full_answer_is_written_Then_it_is_the_records_own_json() throws Exception {
    LagReport full = report();

    JsonNode streamed = JSON.readTree(LagJson.write(full, false));

    assertThat(streamed).isEqualTo(recordsOwn(full));
    assertThat(streamed.has("timeLagSeconds")).isFalse();
  }

  @Test
  void When_the_totals_are_written_Then_they_are_the_records_own_json() throws Exception {
    LagTotals totals = LagTotals.of(report(), false);

    assertThat(JSON.readTree(LagJson.write(totals, false))).isEqualTo(recordsOwn(totals));
  }

  /** Jackson's serialisation of a record, read back the way the written answer is. */
  private static JsonNode recordsOwn(Object record) throws Exception {
    return JSON.readTree(JSON.writeValueAsBytes(record));
  }

  @Test
  void When_time_lag_was_asked_Then_unknown_values_are_written_as_null_with_a_reason()
      throws Exception {
    LagReport full = report();
    java.util.List<PartitionLag> timed = new java.util.ArrayList<>();
    for (PartitionLag p : full.partitions()) {
      boolean known = p.lag() == 0 || p.topic().equals("b");
      timed.add(p.withTimeLag(known ? 1.5 : null, known ? null : "not read in time"));
    }
    LagReport withTime = full.withTimeLag(timed, null, "3 of 5 partitions without a time lag");

    JsonNode partitions = JSON.readTree(LagJson.write(withTime, true));
    JsonNode totals = JSON.readTree(LagJson.write(LagTotals.of(withTime, true), true));

    assertThat(partitions.has("timeLagSeconds")).isTrue();
    assertThat(partitions.get("timeLagSeconds").isNull()).isTrue();
    assertThat(partitions.get("timeLagReason").asText()).startsWith("3 of 5");
    for (JsonNode p : partitions.get("partitions")) {
      assertThat(p.has("timeLagSeconds")).as(p.toString()).isTrue();
      assertThat(p.get("timeLagSeconds").isNull()).isEqualTo(p.has("timeLagReason"));
    }
    assertThat(totals.get("timeLagSeconds").isNull()).isTrue();
    assertThat(totals.get("topics").get(0).get("timeLagSeconds").isNull()).isTrue();
    assertThat(totals.get("topics").get(1).get("timeLagSeconds").asDouble()).isEqualTo(1.5);
  }
}
