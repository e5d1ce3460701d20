package io.kafkabluegreen.provider.offsetsync;

import io.kafkabluegreen.provider.handover.GroupReader;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Strategy B's copy step (docs/design.md §5): makes the new revision's group start exactly where
 * the old revision's group stopped. Both groups must be empty, which the handover has just proven.
 */
final class OffsetMirror {

  private final GroupReader groups;

  OffsetMirror(GroupReader groups) {
    this.groups = groups;
  }

  /**
   * Makes {@code to}'s committed offsets equal to {@code from}'s: copies every committed offset and
   * deletes those {@code to} has for partitions {@code from} never committed (left over from an
   * earlier active period of the same revision, they would otherwise rewind or skip records).
   *
   * @return the number of partitions copied
   */
  int mirror(String from, String to) {
    Map<TopicPartition, OffsetAndMetadata> source = groups.committed(from);
    Map<TopicPartition, OffsetAndMetadata> existing = groups.committed(to);
    groups.alterOffsets(to, source);
    Set<TopicPartition> stale = new HashSet<>(existing.keySet());
    stale.removeAll(source.keySet());
    groups.deleteOffsets(to, stale);
    return source.size();
  }
}
