package io.kafkabluegreen.tests.demo;

import io.kafkabluegreen.lifecycle.lease.LeasePhase;
import io.kafkabluegreen.lifecycle.lease.LeaseState;
import io.kafkabluegreen.tests.system.LeaseDrivenSwitch;
import io.kafkabluegreen.tests.system.LocalSystem;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Waits for a switch asked through the Rollout to reach Kafka: the Lease names the new color Active
 * and its pods are the only ones consuming.
 *
 * <p>Interim, until the provider's Rollout watcher is merged: if the Lease has not moved within
 * {@link #WATCHER_GRACE}, the switch is written to the Lease directly (the pods converge by their
 * own watch), and the demo says so.
 */
final class SwitchWatch {

  private static final Duration WATCHER_GRACE = Duration.ofSeconds(15);

  private final LocalSystem system;
  private final PrintStream out;

  SwitchWatch(LocalSystem system, PrintStream out) {
    this.system = system;
    this.out = out;
  }

  void awaitSwitch(String hash, Duration timeout) {
    if (!leaseMovesTo(hash, WATCHER_GRACE)) {
      out.println(
          "      (the provider did not act on the Rollout within "
              + WATCHER_GRACE.toSeconds()
              + " s — its watcher is not merged yet: switching through the Lease directly)");
      new LeaseDrivenSwitch(
              system.cluster().client(),
              system.options().leaseName(),
              system.broker().admin(),
              system.groups())
          .switchTo(hash, timeout);
    }
    system.awaitConsuming(hash, timeout);
  }

  private boolean leaseMovesTo(String hash, Duration grace) {
    long deadline = System.nanoTime() + grace.toNanos();
    while (System.nanoTime() < deadline) {
      LeaseState lease = system.lease();
      if (lease.target().equals(hash) || lease.holder().equals(hash)) {
        return true;
      }
      if (lease.phase() == LeasePhase.DRAINING) {
        return true;
      }
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
    }
    return false;
  }
}
