package io.kafkabluegreen.tests.system;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kafkabluegreen.lifecycle.lease.LeasePhase;
import io.kafkabluegreen.lifecycle.lease.LeaseState;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.GroupState;

/**
 * A switch of strategy C through the Lease alone, with no provider and no pause/resume calls: the
 * pods converge to the Lease rule by their own watch (docs/design.md §4). This is what remains of a
 * switch when the provider dies after writing Draining, and a way to exercise consumer-app's Lease
 * handling on its own.
 */
public final class LeaseDrivenSwitch {

  private final KubernetesClient client;
  private final String leaseName;
  private final Admin admin;
  private final List<String> groups;

  public LeaseDrivenSwitch(
      KubernetesClient client, String leaseName, Admin admin, List<String> groups) {
    this.client = client;
    this.leaseName = leaseName;
    this.admin = admin;
    this.groups = List.copyOf(groups);
  }

  /**
   * Draining → every partition released → {@code hash} Active. Throws if the partitions are not
   * released in time.
   */
  public void switchTo(String hash, Duration timeout) {
    Lease lease = client.leases().withName(leaseName).get();
    LeaseState state = LeaseState.decode(lease);
    client
        .leases()
        .resource(state.next(state.holder(), LeasePhase.DRAINING, hash).encodeOnto(lease))
        .update();
    awaitReleased(timeout);
    Lease draining = client.leases().withName(leaseName).get();
    client
        .leases()
        .resource(
            LeaseState.decode(draining).next(hash, LeasePhase.ACTIVE, "").encodeOnto(draining))
        .update();
  }

  private void awaitReleased(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (released()) {
        return;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
    throw new IllegalStateException(
        "group(s) " + groups + " did not release every partition within " + timeout);
  }

  /**
   * Every group empty, or stable with no member holding a partition: standby members stay in the
   * group holding nothing. A rebalancing classic group reports no assignments at all, so only a
   * stable one is believed.
   */
  private boolean released() {
    try {
      return admin.describeConsumerGroups(groups).all().get(5, TimeUnit.SECONDS).values().stream()
          .allMatch(
              group ->
                  group.members().isEmpty()
                      || (group.groupState() == GroupState.STABLE
                          && group.members().stream()
                              .allMatch(m -> m.assignment().topicPartitions().isEmpty())));
    } catch (Exception e) {
      return false;
    }
  }
}
