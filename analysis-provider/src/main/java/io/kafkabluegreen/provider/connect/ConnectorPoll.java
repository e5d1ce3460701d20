package io.kafkabluegreen.provider.connect;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** Polls Connect until a condition holds or the bound passes; answers what was last missing. */
final class ConnectorPoll {

  private ConnectorPoll() {}

  static Optional<String> until(
      Duration timeout, Duration interval, Supplier<Optional<String>> missing) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<String> gap = missing.get();
      if (gap.isEmpty()) {
        return gap;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return gap;
      }
      // A poll interval, not a synchronisation: Connect offers no way to wait for a state.
      LockSupport.parkNanos(Math.min(left, interval.toNanos()));
    }
  }

  /** {@code RUNNING, tasks [0 RUNNING, 1 FAILED (java.io.IOException: …)]}. */
  static String describe(ConnectorState state) {
    String tasks =
        state.tasks().stream()
            .map(
                t ->
                    t.id()
                        + " "
                        + t.state()
                        + (t.trace() == null || t.trace().isBlank()
                            ? ""
                            : " (" + t.trace().lines().findFirst().orElse("") + ")"))
            .collect(Collectors.joining(", ", "[", "]"));
    return state.state() + ", tasks " + tasks;
  }
}
