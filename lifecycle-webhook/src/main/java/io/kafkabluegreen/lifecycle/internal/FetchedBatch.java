package io.kafkabluegreen.lifecycle.internal;

import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

/**
 * The records of one poll, walked partition by partition so that the partition of each record is
 * known without allocating a TopicPartition per record.
 */
final class FetchedBatch<K, V> {

  private final ConsumerRecords<K, V> records;
  private final Iterator<TopicPartition> partitions;
  private TopicPartition current;
  private List<ConsumerRecord<K, V>> inPartition = List.of();
  private int next;

  FetchedBatch(ConsumerRecords<K, V> records) {
    this.records = records;
    this.partitions = records.partitions().iterator();
  }

  boolean hasNext() {
    while (next >= inPartition.size()) {
      if (!partitions.hasNext()) {
        return false;
      }
      current = partitions.next();
      inPartition = records.records(current);
      next = 0;
    }
    return true;
  }

  ConsumerRecord<K, V> next() {
    hasNext();
    return inPartition.get(next++);
  }

  /** The partition of the record last returned by {@link #next()}. */
  TopicPartition partition() {
    return current;
  }

  /**
   * Per partition, the offset of the first record not handed out yet: where the consumer must seek
   * back to when these records are dropped but the partitions are kept.
   */
  Map<TopicPartition, Long> unhandedStarts() {
    Map<TopicPartition, Long> starts = new HashMap<>();
    if (current != null && next < inPartition.size()) {
      starts.put(current, inPartition.get(next).offset());
    }
    partitions.forEachRemaining(
        tp -> {
          List<ConsumerRecord<K, V>> rest = records.records(tp);
          if (!rest.isEmpty()) {
            starts.put(tp, rest.get(0).offset());
          }
        });
    return starts;
  }
}
