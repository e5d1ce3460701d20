package io.kafkabluegreen.provider.lag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LagCalculatorTest {

  static Stream<Arguments> cases() {
    UncommittedPolicy earliest = UncommittedPolicy.EARLIEST;
    UncommittedPolicy latest = UncommittedPolicy.LATEST;
    return Stream.of(
        Arguments.of("When_committed_behind_end_Then_difference", 40L, 100L, 0L, earliest, 60L),
        Arguments.of("When_committed_at_end_Then_zero", 100L, 100L, 0L, earliest, 0L),
        Arguments.of("When_committed_past_end_Then_clamped_to_zero", 120L, 100L, 0L, earliest, 0L),
        Arguments.of(
            "When_retention_deleted_records_behind_committed_Then_no_phantom_lag",
            40L,
            100L,
            70L,
            earliest,
            30L),
        Arguments.of("When_retention_deleted_everything_Then_zero", 40L, 100L, 100L, earliest, 0L),
        Arguments.of(
            "When_never_committed_Then_end_minus_log_start", null, 100L, 30L, earliest, 70L),
        Arguments.of(
            "When_never_committed_and_group_starts_at_latest_Then_zero",
            null,
            100L,
            30L,
            latest,
            0L),
        Arguments.of(
            "When_committed_and_policy_latest_Then_policy_does_not_matter",
            40L,
            100L,
            0L,
            latest,
            60L),
        Arguments.of("When_empty_partition_never_committed_Then_zero", null, 0L, 0L, earliest, 0L));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void computesPartitionLag(
      String behaviour,
      Long committed,
      long end,
      long logStart,
      UncommittedPolicy policy,
      long expected) {
    assertThat(LagCalculator.lag(committed, end, logStart, policy)).isEqualTo(expected);
  }

  @Test
  void When_group_has_offsets_on_a_deleted_topic_Then_they_are_orphans_without_lag() {
    TopicPartition live0 = new TopicPartition("live", 0);
    TopicPartition live1 = new TopicPartition("live", 1);
    TopicPartition gone = new TopicPartition("gone", 3);
    Map<TopicPartition, Long> committed = new HashMap<>(Map.of(live1, 5L, gone, 42L));
    OffsetSnapshot snapshot =
        new OffsetSnapshot(
            "g",
            "EMPTY",
            0,
            committed,
            Map.of(live0, 10L, live1, 20L),
            Map.of(live0, 2L, live1, 0L),
            Instant.EPOCH);
    LagQuery query =
        new LagQuery(
            "g",
            new TreeSet<>(),
            IsolationLevel.READ_UNCOMMITTED,
            UncommittedPolicy.EARLIEST,
            false);

    LagReport report = LagCalculator.compute(snapshot, query);

    assertThat(report.partitions())
        .extracting(
            PartitionLag::topic,
            PartitionLag::partition,
            PartitionLag::committed,
            PartitionLag::lag)
        .containsExactly(tuple("live", 0, null, 8L), tuple("live", 1, 5L, 15L));
    assertThat(report.orphanedOffsets()).containsExactly(new OrphanedOffset("gone", 3, 42));
    assertThat(report.totalLag()).isEqualTo(23);
    assertThat(report.maxLag()).isEqualTo(15);
    assertThat(report.isolation()).isEqualTo("read_uncommitted");
    assertThat(report.uncommitted()).isEqualTo("earliest");
  }
}
