package io.kafkabluegreen.tests.scenario;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.kafkabluegreen.lifecycle.lease.LeaseState;
import io.kafkabluegreen.tests.system.LocalSystem;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Acts the instant the Lease reaches a state — e.g. to stop the provider right after it wrote
 * Draining — pushed by a watch rather than found by polling, so the action lands inside the window
 * it aims at.
 */
final class LeaseEvents {

  private LeaseEvents() {}

  /** Runs {@code then} once, on the watch thread, for the first state matching {@code when}. */
  static Watch once(LocalSystem system, Predicate<LeaseState> when, Consumer<LeaseState> then) {
    return system
        .cluster()
        .client()
        .leases()
        .withName(system.options().leaseName())
        .watch(
            new Watcher<Lease>() {
              private boolean fired;

              @Override
              public synchronized void eventReceived(Action action, Lease lease) {
                LeaseState state = LeaseState.decode(lease);
                if (!fired && when.test(state)) {
                  fired = true;
                  then.accept(state);
                }
              }

              @Override
              public void onClose(WatcherException cause) {
                // closed by the test when the scenario is over
              }
            });
  }
}
