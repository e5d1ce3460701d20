package io.kafkabluegreen.provider.revision;

import java.util.List;

/**
 * The body of {@code GET /v1/rollouts/{namespace}/{rollout}/revisions/{hash}}: one revision's
 * readiness and health for the Rollout's analyses. Field list documented in {@code
 * provider/handover/DESIGN.md}.
 *
 * @param namespace the Rollout's namespace
 * @param rollout the Rollout's name
 * @param hash the revision
 * @param ready every pod is Ready, reachable, connected to Kafka, reports itself ready and is
 *     STANDBY or ACTIVE — and there is at least one pod
 * @param allStandby every pod reachable and STANDBY (the pre-promotion condition)
 * @param allActive every pod reachable and ACTIVE
 * @param allReachable every pod answered its status
 * @param podCount pods of the revision found in the API, including skipped ones
 * @param reachablePods pods that answered
 * @param processedPerSecond records processed per second, summed over pods
 * @param failedPerSecond handler failures per second, summed over pods
 * @param errorRate {@code failed / (processed + failed)} over the window (since the previous
 *     request when there was one, else since each pod started); 0 without traffic
 * @param windowSeconds the longest per-pod window behind the rates, 0 on a first request
 * @param pods each pod's view
 */
public record RevisionHealth(
    String namespace,
    String rollout,
    String hash,
    boolean ready,
    boolean allStandby,
    boolean allActive,
    boolean allReachable,
    int podCount,
    int reachablePods,
    double processedPerSecond,
    double failedPerSecond,
    double errorRate,
    double windowSeconds,
    List<PodHealth> pods) {

  /**
   * Aggregates the pods' views: ready when there is a pod, every one answered, and each is Ready,
   * reports itself ready, is connected to Kafka and is STANDBY or ACTIVE.
   */
  public static RevisionHealth of(
      io.kafkabluegreen.provider.rollout.ManagedRollout rollout,
      String hash,
      List<PodHealth> views,
      Rates rates) {
    int reachable = (int) views.stream().filter(PodHealth::reachable).count();
    boolean allReachable = !views.isEmpty() && reachable == views.size();
    boolean allStandby = allReachable && views.stream().allMatch(v -> v.state().equals("STANDBY"));
    boolean allActive = allReachable && views.stream().allMatch(v -> v.state().equals("ACTIVE"));
    boolean ready =
        allReachable
            && views.stream()
                .allMatch(
                    v ->
                        v.podReady()
                            && v.ready()
                            && v.kafkaConnected()
                            && (v.state().equals("STANDBY") || v.state().equals("ACTIVE")));
    return new RevisionHealth(
        rollout.ref().namespace(),
        rollout.ref().name(),
        hash,
        ready,
        allStandby,
        allActive,
        allReachable,
        views.size(),
        reachable,
        rates.processedPerSecond(),
        rates.failedPerSecond(),
        rates.errorRate(),
        rates.windowSeconds(),
        views);
  }

  /** The revision's rates, summed over pods; {@link #NONE} where pods report no counters. */
  public record Rates(
      double processedPerSecond, double failedPerSecond, double errorRate, double windowSeconds) {
    public static final Rates NONE = new Rates(0, 0, 0, 0);
  }

  /**
   * @param name pod name
   * @param ip pod IP
   * @param podReady Kubernetes Ready, running, not terminating
   * @param reachable it answered {@code /lifecycle/status}
   * @param state its lifecycle state, empty when unknown
   * @param ready its own readiness (connected, not starting, not stopping)
   * @param kafkaConnected Kafka answered it and topic metadata is loaded
   * @param assignedPartitions partitions assigned to it now
   * @param processed cumulative records processed
   * @param failed cumulative handler failures
   * @param processedPerSecond over its window
   * @param failedPerSecond over its window
   * @param error why it is not ready or not reachable, null otherwise
   */
  public record PodHealth(
      String name,
      String ip,
      boolean podReady,
      boolean reachable,
      String state,
      boolean ready,
      boolean kafkaConnected,
      int assignedPartitions,
      long processed,
      long failed,
      double processedPerSecond,
      double failedPerSecond,
      String error) {

    /** A pod the provider does not call (not Ready, terminating, no IP). */
    public static PodHealth skipped(io.kafkabluegreen.provider.pods.RevisionPod pod) {
      return new PodHealth(
          pod.name(),
          pod.ip(),
          false,
          false,
          "",
          false,
          false,
          0,
          0,
          0,
          0,
          0,
          pod.skipReason().orElse("skipped"));
    }

    /** A Ready pod that did not answer, and why. */
    public static PodHealth unreachable(
        io.kafkabluegreen.provider.pods.RevisionPod pod, String error) {
      return new PodHealth(
          pod.name(), pod.ip(), true, false, "", false, false, 0, 0, 0, 0, 0, error);
    }
  }
}
