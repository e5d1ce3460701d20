package io.kafkabluegreen.provider.lag;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * The raw offsets of one group read from Kafka at one instant, before any lag arithmetic.
 *
 * @param state group state name, e.g. {@code STABLE}
 * @param members number of members
 * @param committed committed offsets, only for partitions that have one
 * @param end end offsets (by isolation) of every partition of the existing topics considered
 * @param logStart log start offsets of the same partitions
 */
record OffsetSnapshot(
    String group,
    String state,
    int members,
    Map<TopicPartition, Long> committed,
    Map<TopicPartition, Long> end,
    Map<TopicPartition, Long> logStart,
    Instant readAt) {

  /** Partitions of topics that exist: those with end offsets. */
  Set<TopicPartition> partitions() {
    return end.keySet();
  }
}
