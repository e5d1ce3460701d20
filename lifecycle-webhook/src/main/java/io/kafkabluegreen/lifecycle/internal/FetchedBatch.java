package io.kafkabluegreen.lifecycle.internal;

import java.util.Collections;
import java.util.Iterator;
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
  private Iterator<ConsumerRecord<K, V>> inPartition = Collections.emptyIterator();

  FetchedBatch(ConsumerRecords<K, V> records) {
    this.records = records;
    this.partitions = records.partitions().iterator();
  }

  boolean hasNext() {
    while (!inPartition.hasNext()) {
      if (!partitions.hasNext()) {
        return false;
      }
      current = partitions.next();
      inPartition = records.records(current).iterator();
    }
    return true;
  }

  ConsumerRecord<K, V> next() {
    hasNext();
    return inPartition.next();
  }

  /** The partition of the record last returned by {@link #next()}. */
  TopicPartition partition() {
    return current;
  }
}
