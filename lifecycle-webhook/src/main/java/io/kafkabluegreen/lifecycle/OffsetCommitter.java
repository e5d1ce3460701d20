package io.kafkabluegreen.lifecycle;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Replaces the consumer's own {@code commitSync}, for consume–transform–produce applications that
 * commit offsets inside a producer transaction ({@code sendOffsetsToTransaction}). Called on the
 * poll thread, after the {@link CommitHook}.
 */
@FunctionalInterface
public interface OffsetCommitter {

  /**
   * Commits {@code offsets}. Throw {@link CommitAbortedException} when the side effects of the
   * records were discarded (an aborted transaction): the poll loop then rewinds those partitions to
   * their last committed offsets so that the records are processed again. Any other exception
   * leaves the offsets pending for the next commit.
   */
  void commit(Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group)
      throws Exception;

  /** The side effects of the records being committed were discarded; they must be redone. */
  final class CommitAbortedException extends RuntimeException {
    public CommitAbortedException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
