package io.kafkabluegreen.provider.revision;

import io.kafkabluegreen.provider.pods.LifecycleClient;
import io.kafkabluegreen.provider.pods.LifecycleStatus;
import io.kafkabluegreen.provider.pods.PodLocator;
import io.kafkabluegreen.provider.pods.RevisionPod;
import io.kafkabluegreen.provider.pods.StatusCall;
import io.kafkabluegreen.provider.revision.RevisionHealth.PodHealth;
import io.kafkabluegreen.provider.rollout.ManagedRollout;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Answers how one revision is doing: asks every Ready pod for its {@code /lifecycle/status} in
 * parallel and aggregates readiness, lifecycle states and rates.
 */
public final class RevisionHealthService implements RevisionHealthReader {

  private final PodLocator pods;
  private final LifecycleClient lifecycle;
  private final RateTracker rates;

  public RevisionHealthService(PodLocator pods, LifecycleClient lifecycle) {
    this(pods, lifecycle, new RateTracker());
  }

  RevisionHealthService(PodLocator pods, LifecycleClient lifecycle, RateTracker rates) {
    this.pods = pods;
    this.lifecycle = lifecycle;
    this.rates = rates;
  }

  @Override
  public RevisionHealth health(ManagedRollout rollout, String hash) {
    List<RevisionPod> revision = pods.revision(rollout, hash);
    List<CompletableFuture<StatusCall>> calls = new ArrayList<>();
    for (RevisionPod pod : revision) {
      calls.add(pod.usable() ? lifecycle.status(pod) : CompletableFuture.completedFuture(null));
    }
    Totals totals = new Totals();
    List<PodHealth> views = new ArrayList<>();
    for (int i = 0; i < revision.size(); i++) {
      RevisionPod pod = revision.get(i);
      StatusCall call = calls.get(i).join();
      views.add(call == null ? PodHealth.skipped(pod) : view(rollout, pod, call, totals));
    }
    return RevisionHealth.of(
        rollout,
        hash,
        views,
        new RevisionHealth.Rates(
            totals.processedPerSecond, totals.failedPerSecond, totals.errorRate(), totals.window));
  }

  private PodHealth view(ManagedRollout rollout, RevisionPod pod, StatusCall call, Totals totals) {
    if (call.status().isEmpty()) {
      return PodHealth.unreachable(pod, call.error().orElse("no status"));
    }
    LifecycleStatus status = call.status().get();
    RateTracker.Rate rate =
        rates.sample(
            rollout.ref().namespace() + "/" + pod.name(), status.processed(), status.failed());
    totals.add(rate);
    return new PodHealth(
        pod.name(),
        pod.ip(),
        true,
        true,
        status.state(),
        status.ready(),
        status.kafkaConnected(),
        status.assignedPartitions().size(),
        status.processed(),
        status.failed(),
        rate.processedPerSecond(),
        rate.failedPerSecond(),
        problem(status));
  }

  private static String problem(LifecycleStatus status) {
    if (!status.kafkaConnected()) {
      return "not connected to Kafka";
    }
    if (!status.ready()) {
      return "pod reports not ready (" + status.state() + ")";
    }
    return null;
  }

  /** Sums over pods; the error rate is weighted by each pod's traffic. */
  private static final class Totals {
    double processedPerSecond;
    double failedPerSecond;
    double window;
    long processed;
    long failed;

    void add(RateTracker.Rate rate) {
      processedPerSecond += rate.processedPerSecond();
      failedPerSecond += rate.failedPerSecond();
      window = Math.max(window, rate.windowSeconds());
      processed += rate.processed();
      failed += rate.failed();
    }

    double errorRate() {
      long all = processed + failed;
      return all == 0 ? 0 : (double) failed / all;
    }
  }
}
