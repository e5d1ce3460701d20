package io.kafkabluegreen.provider.watch;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfig;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * fabric8 leader election on the provider's own Lease, so that of several provider replicas only
 * one acts on Rollout changes. Whenever leadership is lost the election starts over; on close a
 * leader releases the Lease so that another replica takes over at once.
 */
public final class LeaderElection implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LeaderElection.class);

  private final KubernetesClient client;
  private final WatcherOptions options;
  private final String identity;
  private final Consumer<Boolean> onChange;
  private final AtomicBoolean leader = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile CompletableFuture<?> election;

  /**
   * @param onChange told true when this replica starts leading, false when it stops
   */
  public LeaderElection(
      KubernetesClient client,
      WatcherOptions options,
      String identity,
      Consumer<Boolean> onChange) {
    this.client = client;
    this.options = options;
    this.identity = identity;
    this.onChange = onChange;
  }

  public void start() {
    if (closed.get()) {
      return;
    }
    CompletableFuture<?> running = client.leaderElector().withConfig(config()).build().start();
    election = running;
    running.whenComplete(
        (ignored, failure) -> {
          if (failure != null && !closed.get()) {
            LOG.warn("Leader election for {} ended: {}", options.leaderLease(), failure.toString());
          }
          if (!closed.get()) {
            start();
          }
        });
  }

  public boolean isLeader() {
    return leader.get();
  }

  private LeaderElectionConfig config() {
    return new LeaderElectionConfigBuilder()
        .withName(options.leaderLease())
        .withLock(new LeaseLock(options.leaderNamespace(), options.leaderLease(), identity))
        .withLeaseDuration(options.leaseDuration())
        .withRenewDeadline(options.renewDeadline())
        .withRetryPeriod(options.retryPeriod())
        .withReleaseOnCancel(true)
        .withLeaderCallbacks(
            new LeaderCallbacks(
                () -> changed(true),
                () -> changed(false),
                newLeader -> LOG.info("Provider leader is now {}", newLeader)))
        .build();
  }

  private void changed(boolean leading) {
    if (leader.getAndSet(leading) != leading) {
      LOG.info(
          "{} {} leading (Lease {}/{})",
          identity,
          leading ? "started" : "stopped",
          options.leaderNamespace(),
          options.leaderLease());
      onChange.accept(leading);
    }
  }

  @Override
  public void close() {
    closed.set(true);
    CompletableFuture<?> running = election;
    if (running != null) {
      running.cancel(true);
    }
    changed(false);
  }
}
