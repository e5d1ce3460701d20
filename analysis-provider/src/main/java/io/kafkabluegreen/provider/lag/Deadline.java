package io.kafkabluegreen.provider.lag;

import java.time.Duration;

/** One time budget shared by the several Kafka calls that answer a single request. */
final class Deadline {

  private final long endNanos;

  private Deadline(long endNanos) {
    this.endNanos = endNanos;
  }

  static Deadline in(Duration budget) {
    return new Deadline(System.nanoTime() + budget.toNanos());
  }

  /** Milliseconds left, at least 1 so that a call still gets a chance to return what is ready. */
  int remainingMillis() {
    long left = (endNanos - System.nanoTime()) / 1_000_000;
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, left));
  }

  boolean passed() {
    return System.nanoTime() - endNanos >= 0;
  }
}
