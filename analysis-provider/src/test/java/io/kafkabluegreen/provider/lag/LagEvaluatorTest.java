package io.kafkabluegreen.provider.lag;

import static io.kafkabluegreen.provider.lag.LagSample.NO_COMMIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.kafkabluegreen.provider.lag.LagEvaluator.Point;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LagEvaluatorTest {

  private static final long THRESHOLD = 10;

  /** committed, lag, members per sample, oldest first. */
  private static List<Point> series(long[]... points) {
    List<Point> series = new ArrayList<>();
    for (long[] p : points) {
      series.add(new Point(p[0], p[1], (int) p[2]));
    }
    return series;
  }

  private static long[] p(long committed, long lag, long members) {
    return new long[] {committed, lag, members};
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(
            "When_lag_at_threshold_Then_OK",
            series(p(100, 10, 1), p(100, 10, 1), p(100, 10, 1)),
            LagStatus.OK),
        Arguments.of(
            "When_no_lag_and_nobody_consuming_Then_OK",
            series(p(100, 0, 0), p(100, 0, 0)),
            LagStatus.OK),
        Arguments.of(
            "When_single_sample_above_threshold_Then_WARN", series(p(100, 500, 1)), LagStatus.WARN),
        Arguments.of(
            "When_single_sample_below_threshold_Then_OK", series(p(100, 5, 1)), LagStatus.OK),
        Arguments.of(
            "When_committed_moves_and_lag_shrinks_Then_OK",
            series(p(100, 900, 2), p(400, 700, 2), p(800, 400, 2)),
            LagStatus.OK),
        Arguments.of(
            "When_lag_shrinks_overall_despite_a_bump_Then_OK",
            series(p(100, 900, 2), p(150, 950, 2), p(800, 400, 2)),
            LagStatus.OK),
        Arguments.of(
            "When_committed_moves_but_lag_grows_Then_WARN",
            series(p(100, 100, 1), p(150, 200, 1), p(200, 300, 1)),
            LagStatus.WARN),
        Arguments.of(
            "When_committed_moves_but_lag_flat_Then_WARN",
            series(p(100, 300, 1), p(200, 300, 1), p(300, 300, 1)),
            LagStatus.WARN),
        Arguments.of(
            "When_committed_stuck_with_members_and_lag_Then_STALL",
            series(p(100, 50, 1), p(100, 80, 1), p(100, 120, 1)),
            LagStatus.STALL),
        Arguments.of(
            "When_committed_stuck_and_members_left_midway_Then_STALL",
            series(p(100, 50, 1), p(100, 80, 0)),
            LagStatus.STALL),
        Arguments.of(
            "When_never_committed_with_members_and_lag_Then_STALL",
            series(p(NO_COMMIT, 50, 1), p(NO_COMMIT, 50, 1)),
            LagStatus.STALL),
        Arguments.of(
            "When_committed_stuck_without_members_and_lag_Then_STOP",
            series(p(100, 50, 0), p(100, 50, 0), p(100, 60, 0)),
            LagStatus.STOP),
        Arguments.of(
            "When_never_committed_and_nobody_consuming_Then_STOP",
            series(p(NO_COMMIT, 50, 0), p(NO_COMMIT, 70, 0)),
            LagStatus.STOP),
        Arguments.of(
            "When_first_commit_appears_and_lag_shrinks_Then_OK",
            series(p(NO_COMMIT, 500, 1), p(200, 300, 1)),
            LagStatus.OK),
        Arguments.of(
            "When_committed_goes_backwards_Then_REWIND",
            series(p(100, 20, 1), p(500, 20, 1), p(300, 220, 1)),
            LagStatus.REWIND),
        Arguments.of(
            "When_committed_goes_backwards_even_with_no_lag_now_Then_REWIND",
            series(p(500, 0, 1), p(300, 0, 1), p(700, 0, 1)),
            LagStatus.REWIND),
        Arguments.of(
            "When_commit_disappears_Then_not_a_REWIND",
            series(p(500, 0, 1), p(NO_COMMIT, 0, 1)),
            LagStatus.OK));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void classifies(String behaviour, List<Point> series, LagStatus expected) {
    assertThat(LagEvaluator.classify(series, THRESHOLD)).isEqualTo(expected);
  }

  @Test
  void When_partitions_differ_Then_group_takes_the_most_severe_and_each_partition_its_own() {
    Instant t0 = Instant.parse("2025-01-01T00:00:00Z");
    List<TopicPartition> tps = List.of(new TopicPartition("a", 0), new TopicPartition("a", 1));
    List<LagSample> samples =
        List.of(
            new LagSample(t0, "STABLE", 1, tps, new long[] {100, 100}, new long[] {50, 50}),
            new LagSample(
                t0.plusSeconds(30), "STABLE", 1, tps, new long[] {100, 140}, new long[] {80, 20}));

    LagStatusReport report = LagEvaluator.evaluate("g", samples, 0, Duration.ofMinutes(5));

    assertThat(report.status()).isEqualTo(LagStatus.STALL);
    assertThat(report.partitions())
        .extracting(PartitionStatus::status)
        .containsExactly(LagStatus.STALL, LagStatus.OK);
    assertThat(report.partitions().get(1).committedChange()).isEqualTo(40);
    assertThat(report.partitions().get(1).lagChange()).isEqualTo(-30);
    assertThat(report.totalLag()).isEqualTo(100);
    assertThat(report.maxLag()).isEqualTo(80);
    assertThat(report.samples()).isEqualTo(2);
    assertThat(report.coveredSeconds()).isEqualTo(30.0);
  }

  @Test
  void When_a_partition_is_new_in_the_newest_sample_Then_it_is_judged_on_its_own_samples() {
    Instant t0 = Instant.parse("2025-01-01T00:00:00Z");
    TopicPartition a0 = new TopicPartition("a", 0);
    TopicPartition b0 = new TopicPartition("b", 0);
    List<LagSample> samples =
        List.of(
            new LagSample(t0, "STABLE", 1, List.of(a0), new long[] {10}, new long[] {0}),
            new LagSample(
                t0.plusSeconds(30),
                "STABLE",
                1,
                List.of(a0, b0),
                new long[] {10, NO_COMMIT},
                new long[] {0, 40}));

    LagStatusReport report = LagEvaluator.evaluate("g", samples, 0, Duration.ofMinutes(5));

    assertThat(report.partitions())
        .extracting(PartitionStatus::topic, PartitionStatus::status, PartitionStatus::committed)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a", LagStatus.OK, 10L),
            org.assertj.core.groups.Tuple.tuple("b", LagStatus.WARN, null));
    assertThat(report.status()).isEqualTo(LagStatus.WARN);
  }

  @Test
  void When_group_has_no_partitions_Then_OK() {
    LagSample empty = new LagSample(Instant.EPOCH, "EMPTY", 0, List.of(), new long[0], new long[0]);
    assertThat(LagEvaluator.evaluate("g", List.of(empty), 0, Duration.ofMinutes(1)).status())
        .isEqualTo(LagStatus.OK);
  }
}
