package io.kafkabluegreen.tests.connect;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/** Bounded polls of a revision's connector status (every 50 ms), failing with the last one seen. */
final class ConnectorWaits {

  private static final Duration POLL = Duration.ofMillis(50);

  private ConnectorWaits() {}

  /**
   * Until the status satisfies {@code condition}; a connector that does not exist or a worker that
   * does not answer does not satisfy it.
   */
  static void awaitStatus(
      ConnectRevision revision, Predicate<ConnectorRest.Status> condition, Duration timeout) {
    await(revision, status -> status.isPresent() && condition.test(status.get()), timeout);
  }

  /** Until the connector is STOPPED without tasks, or does not exist. */
  static void awaitStoppedOrAbsent(ConnectRevision revision, Duration timeout) {
    await(
        revision,
        status -> status.map(ConnectorRest.Status::stoppedWithoutTasks).orElse(true),
        timeout);
  }

  private static void await(
      ConnectRevision revision, Predicate<Optional<ConnectorRest.Status>> done, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "never read";
    while (System.nanoTime() < deadline) {
      try {
        Optional<ConnectorRest.Status> status = revision.rest().status(revision.connector());
        if (done.test(status)) {
          return;
        }
        last = status.map(Object::toString).orElse("absent");
      } catch (IOException e) {
        last = e.toString();
      }
      LockSupport.parkNanos(POLL.toNanos());
    }
    throw new IllegalStateException(
        revision.connector()
            + "@"
            + revision.label()
            + " not as expected within "
            + timeout
            + "; last: "
            + last);
  }
}
