package io.kafkabluegreen.lifecycle;

import io.kafkabluegreen.lifecycle.lease.LeaseState;
import java.util.List;
import java.util.Map;

/**
 * What {@code GET /lifecycle/status} answers (lifecycle-webhook/README.md).
 *
 * @param state the lifecycle state
 * @param hash this pod's pod-template hash (its color)
 * @param pod this pod's name
 * @param group the consumer group this pod joins when active
 * @param topics the subscribed topics
 * @param assignedPartitions partitions assigned right now, as {@code topic-partition}
 * @param processed records the handler finished since start
 * @param failed handler failures since start
 * @param committedOffsets the offsets this pod committed during its current or last active period
 * @param lease the Lease as last seen, or null when it was never read
 * @param kafkaConnected Kafka answered and the topics' metadata is loaded
 * @param ready the pod is ready (connected, not starting, not stopping)
 */
public record LifecycleStatus(
    LifecycleState state,
    String hash,
    String pod,
    String group,
    List<String> topics,
    List<String> assignedPartitions,
    long processed,
    long failed,
    Map<String, Long> committedOffsets,
    LeaseView lease,
    boolean kafkaConnected,
    boolean ready) {

  /** The Lease fields a caller needs, with the phase as written in the annotation. */
  public record LeaseView(String holder, String phase, long epoch) {
    public static LeaseView of(LeaseState state) {
      return state == null
          ? null
          : new LeaseView(state.holder(), state.phase().wire(), state.epoch());
    }
  }
}
