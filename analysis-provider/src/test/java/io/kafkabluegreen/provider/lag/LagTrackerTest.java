package io.kafkabluegreen.provider.lag;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.IsolationLevel;
import org.junit.jupiter.api.Test;

class LagTrackerTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));

  private static LagOptions options(int maxSamples, int maxGroups, Duration expiry) {
    return new LagOptions(
        IsolationLevel.READ_UNCOMMITTED,
        UncommittedPolicy.EARLIEST,
        Duration.ofSeconds(60),
        Duration.ofSeconds(10),
        maxSamples,
        maxGroups,
        expiry,
        0);
  }

  private LagReport report(String group, long lag) {
    return new LagReport(
        group,
        "STABLE",
        1,
        "read_uncommitted",
        "earliest",
        lag,
        lag,
        null,
        List.of(new PartitionLag("t", 0, 100L, 100 + lag, 0, lag, null)),
        List.of(),
        clock.instant());
  }

  @Test
  void When_group_not_asked_about_Then_samples_are_not_kept() {
    LagTracker tracker = new LagTracker(options(40, 10, Duration.ofHours(1)), clock);

    assertThat(tracker.offer(report("g", 5))).isFalse();
    assertThat(tracker.samples("g")).isEmpty();
  }

  @Test
  void When_samples_come_faster_than_half_an_interval_Then_only_spaced_ones_are_kept() {
    LagTracker tracker = new LagTracker(options(40, 10, Duration.ofHours(1)), clock);
    tracker.touch("g");

    assertThat(tracker.offer(report("g", 1))).isTrue();
    clock.advance(Duration.ofSeconds(4));
    assertThat(tracker.offer(report("g", 2))).isFalse();
    clock.advance(Duration.ofSeconds(1));
    assertThat(tracker.offer(report("g", 3))).isTrue();

    assertThat(tracker.samples("g")).extracting(LagSample::totalLag).containsExactly(1L, 3L);
  }

  @Test
  void When_samples_are_older_than_the_window_Then_they_are_dropped() {
    LagTracker tracker = new LagTracker(options(40, 10, Duration.ofHours(1)), clock);
    tracker.touch("g");
    for (int i = 0; i < 10; i++) {
      tracker.offer(report("g", i));
      clock.advance(Duration.ofSeconds(10));
    }

    // window 60 s at one sample per 10 s: the newest and the six before it
    assertThat(tracker.samples("g"))
        .extracting(LagSample::totalLag)
        .containsExactly(3L, 4L, 5L, 6L, 7L, 8L, 9L);
  }

  @Test
  void When_max_samples_is_reached_Then_the_oldest_go_first() {
    LagTracker tracker = new LagTracker(options(3, 10, Duration.ofHours(1)), clock);
    tracker.touch("g");
    for (int i = 0; i < 5; i++) {
      tracker.offer(report("g", i));
      clock.advance(Duration.ofSeconds(10));
    }

    assertThat(tracker.samples("g")).extracting(LagSample::totalLag).containsExactly(2L, 3L, 4L);
  }

  @Test
  void When_max_groups_is_reached_Then_the_least_recently_asked_is_dropped() {
    LagTracker tracker = new LagTracker(options(40, 2, Duration.ofHours(1)), clock);
    tracker.touch("a");
    clock.advance(Duration.ofSeconds(1));
    tracker.touch("b");
    clock.advance(Duration.ofSeconds(1));
    tracker.touch("a");
    clock.advance(Duration.ofSeconds(1));
    tracker.touch("c");

    assertThat(tracker.windows()).isEmpty();
    assertThat(tracker.size()).isEqualTo(2);
    assertThat(tracker.offer(report("b", 1))).isFalse();
    assertThat(tracker.offer(report("a", 1))).isTrue();
    assertThat(tracker.offer(report("c", 1))).isTrue();
  }

  @Test
  void When_nobody_asks_for_longer_than_the_expiry_Then_the_group_is_dropped() {
    LagTracker tracker = new LagTracker(options(40, 10, Duration.ofMinutes(5)), clock);
    tracker.touch("g");
    tracker.offer(report("g", 1));
    clock.advance(Duration.ofMinutes(4));
    assertThat(tracker.groupsDueForSample()).containsExactly("g");

    clock.advance(Duration.ofMinutes(2));

    assertThat(tracker.groupsDueForSample()).isEmpty();
    assertThat(tracker.windows()).isEmpty();
  }

  @Test
  void When_newest_sample_is_younger_than_an_interval_Then_it_is_fresh_and_not_due() {
    LagTracker tracker = new LagTracker(options(40, 10, Duration.ofHours(1)), clock);
    tracker.touch("g");
    assertThat(tracker.groupsDueForSample()).containsExactly("g");
    assertThat(tracker.hasFreshSample("g")).isFalse();

    tracker.offer(report("g", 1));
    clock.advance(Duration.ofSeconds(3));
    assertThat(tracker.groupsDueForSample()).isEmpty();
    assertThat(tracker.hasFreshSample("g")).isTrue();

    clock.advance(Duration.ofSeconds(7));
    assertThat(tracker.groupsDueForSample()).containsExactly("g");
    assertThat(tracker.hasFreshSample("g")).isFalse();
  }

  @Test
  void When_partitions_do_not_change_Then_samples_share_one_partition_list() {
    LagTracker tracker = new LagTracker(options(40, 10, Duration.ofHours(1)), clock);
    tracker.touch("g");
    tracker.offer(report("g", 1));
    clock.advance(Duration.ofSeconds(10));
    tracker.offer(report("g", 2));

    List<LagSample> samples = tracker.samples("g");
    assertThat(samples.get(1).partitions()).isSameAs(samples.get(0).partitions());
  }
}
