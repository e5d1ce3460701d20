package io.kafkabluegreen.lifecycle;

import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Called on the poll thread right before offsets are committed, so that the application can make
 * the side effects of the records below those offsets durable first (e.g. flush a producer). If it
 * throws, nothing is committed and the consumer fails: a committed offset must never point past
 * work that could still be lost.
 */
@FunctionalInterface
public interface CommitHook {
  void beforeCommit(Map<TopicPartition, OffsetAndMetadata> offsets) throws Exception;

  CommitHook NONE = offsets -> {};
}
