package io.kafkabluegreen.provider.revision;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Turns each pod's cumulative processed/failed counters into per-second rates by keeping previous
 * samples per pod. A sample taken less than {@link #MIN_WINDOW} after the latest kept one is
 * measured against the one before it and not kept, so that parallel requests (Argo runs an
 * analysis's metrics in parallel) never shrink the window to nothing.
 */
final class RateTracker {

  static final Duration MIN_WINDOW = Duration.ofSeconds(1);
  private static final Duration FORGET_AFTER = Duration.ofMinutes(15);

  /** One pod's counters at one instant. */
  private record Sample(long processed, long failed, long nanos) {}

  /** The two latest kept samples of a pod; {@code older} may be null. */
  private record Kept(Sample older, Sample latest) {}

  /**
   * What a sample tells.
   *
   * @param windowSeconds seconds covered by the counts, 0 when there is no earlier sample (first
   *     sight, or the pod restarted and its counters went back)
   * @param processed records processed in the window, or since the pod started when there is none
   * @param failed failures in the window, or since the pod started when there is none
   */
  record Rate(double windowSeconds, long processed, long failed) {
    double processedPerSecond() {
      return windowSeconds > 0 ? processed / windowSeconds : 0;
    }

    double failedPerSecond() {
      return windowSeconds > 0 ? failed / windowSeconds : 0;
    }
  }

  private final Map<String, Kept> samples = new ConcurrentHashMap<>();
  private final LongSupplier clock;

  RateTracker() {
    this(System::nanoTime);
  }

  RateTracker(LongSupplier clock) {
    this.clock = clock;
  }

  Rate sample(String podKey, long processed, long failed) {
    long now = clock.getAsLong();
    samples.values().removeIf(k -> now - k.latest().nanos > FORGET_AFTER.toNanos());
    Sample current = new Sample(processed, failed, now);
    Rate[] rate = new Rate[1];
    samples.compute(
        podKey,
        (key, kept) -> {
          if (kept == null || wentBack(kept.latest(), current)) {
            rate[0] = new Rate(0, processed, failed);
            return new Kept(null, current);
          }
          if (now - kept.latest().nanos >= MIN_WINDOW.toNanos()) {
            rate[0] = between(kept.latest(), current);
            return new Kept(kept.latest(), current);
          }
          rate[0] =
              kept.older() == null || wentBack(kept.older(), current)
                  ? new Rate(0, processed, failed)
                  : between(kept.older(), current);
          return kept;
        });
    return rate[0];
  }

  private static boolean wentBack(Sample before, Sample after) {
    return after.processed < before.processed || after.failed < before.failed;
  }

  private static Rate between(Sample before, Sample after) {
    return new Rate(
        (after.nanos - before.nanos) / 1e9,
        after.processed - before.processed,
        after.failed - before.failed);
  }
}
