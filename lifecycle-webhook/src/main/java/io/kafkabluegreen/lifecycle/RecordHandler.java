package io.kafkabluegreen.lifecycle;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The application's work for one record, called on the poll thread. Returning normally means the
 * record is finished and its offset may be committed; throwing counts a failure and applies the
 * {@link FailurePolicy}.
 */
@FunctionalInterface
public interface RecordHandler<K, V> {
  void handle(ConsumerRecord<K, V> record) throws Exception;
}
