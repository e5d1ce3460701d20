package io.kafkabluegreen.provider.revision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateTrackerTest {

  private final AtomicLong nanos = new AtomicLong();
  private final RateTracker tracker = new RateTracker(nanos::get);

  private void advanceMillis(long millis) {
    nanos.addAndGet(millis * 1_000_000);
  }

  @Test
  void theFirstSampleHasNoWindowAndReportsTheCountersSinceStart() {
    RateTracker.Rate rate = tracker.sample("p", 100, 5);

    assertThat(rate.windowSeconds()).isZero();
    assertThat(rate.processedPerSecond()).isZero();
    assertThat(rate.processed()).isEqualTo(100);
    assertThat(rate.failed()).isEqualTo(5);
  }

  @Test
  void theNextSampleGivesRatesOverTheWindow() {
    tracker.sample("p", 100, 0);
    advanceMillis(2000);

    RateTracker.Rate rate = tracker.sample("p", 300, 10);

    assertThat(rate.windowSeconds()).isCloseTo(2.0, within(1e-9));
    assertThat(rate.processedPerSecond()).isCloseTo(100.0, within(1e-9));
    assertThat(rate.failedPerSecond()).isCloseTo(5.0, within(1e-9));
  }

  @Test
  void aSampleRightAfterAnotherIsMeasuredAgainstTheOlderOne() {
    tracker.sample("p", 0, 0);
    advanceMillis(2000);
    tracker.sample("p", 200, 0);
    advanceMillis(10);

    RateTracker.Rate rate = tracker.sample("p", 202, 0);

    assertThat(rate.windowSeconds()).isCloseTo(2.01, within(1e-9));
    assertThat(rate.processed()).isEqualTo(202);
  }

  @Test
  void countersGoingBackMeanARestartedPod() {
    tracker.sample("p", 500, 0);
    advanceMillis(2000);

    RateTracker.Rate rate = tracker.sample("p", 20, 0);

    assertThat(rate.windowSeconds()).isZero();
    assertThat(rate.processed()).isEqualTo(20);
  }
}
