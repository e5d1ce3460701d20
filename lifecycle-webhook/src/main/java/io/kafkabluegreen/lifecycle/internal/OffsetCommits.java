package io.kafkabluegreen.lifecycle.internal;

import io.kafkabluegreen.lifecycle.CommitHook;
import io.kafkabluegreen.lifecycle.OffsetCommitter;
import io.kafkabluegreen.lifecycle.OffsetCommitter.CommitAbortedException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The offsets this consumer may commit: offset + 1 of the last record the handler finished, per
 * partition, and nothing else. Used only on the poll thread.
 */
final class OffsetCommits<K, V> {

  private static final Logger LOG = LoggerFactory.getLogger(OffsetCommits.class);

  private final Consumer<K, V> consumer;
  private final CommitHook hook;
  private final OffsetCommitter committer;
  private final StatusBoard board;
  // the record itself is kept (no allocation per record); its offset is turned into
  // OffsetAndMetadata
  // only when committing
  private final Map<TopicPartition, ConsumerRecord<K, V>> finished = new HashMap<>();
  private final Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();

  /**
   * @param committer null to commit with the consumer's own {@code commitSync}
   */
  OffsetCommits(
      Consumer<K, V> consumer, CommitHook hook, OffsetCommitter committer, StatusBoard board) {
    this.consumer = consumer;
    this.hook = hook;
    this.committer = committer;
    this.board = board;
  }

  void finished(TopicPartition partition, ConsumerRecord<K, V> record) {
    finished.put(partition, record);
  }

  boolean hasPending() {
    for (Map.Entry<TopicPartition, ConsumerRecord<K, V>> e : finished.entrySet()) {
      OffsetAndMetadata done = committed.get(e.getKey());
      if (done == null || done.offset() <= e.getValue().offset()) {
        return true;
      }
    }
    return false;
  }

  /** Commits every partition with finished, uncommitted records. */
  void commitAll(Duration timeout) {
    commit(new HashSet<>(finished.keySet()), timeout);
  }

  /**
   * Commits the finished, uncommitted records of {@code partitions}. The commit hook runs first; a
   * hook failure is thrown as {@link CommitHookFailedException} and nothing is committed.
   *
   * @throws CommitAbortedException after rewinding the partitions whose side effects were lost
   */
  void commit(Collection<TopicPartition> partitions, Duration timeout) {
    Map<TopicPartition, OffsetAndMetadata> offsets = pending(partitions);
    if (offsets.isEmpty()) {
      return;
    }
    try {
      hook.beforeCommit(offsets);
    } catch (Exception e) {
      throw new CommitHookFailedException(e);
    }
    try {
      if (committer == null) {
        consumer.commitSync(offsets, timeout);
      } else {
        committer.commit(offsets, consumer.groupMetadata());
      }
    } catch (CommitAbortedException e) {
      rewind(offsets.keySet(), timeout);
      throw e;
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("The offset committer failed", e);
    }
    committed.putAll(offsets);
    board.committed(committed);
  }

  /** Forgets partitions this consumer no longer owns, without committing (lost or revoked). */
  void forget(Collection<TopicPartition> partitions) {
    partitions.forEach(finished::remove);
  }

  void forgetAll() {
    finished.clear();
  }

  /** Starts a new active period: the committed-offsets view restarts empty. */
  void newPeriod() {
    finished.clear();
    committed.clear();
    board.committed(committed);
  }

  private Map<TopicPartition, OffsetAndMetadata> pending(Collection<TopicPartition> partitions) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (TopicPartition tp : partitions) {
      ConsumerRecord<K, V> last = finished.get(tp);
      if (last == null) {
        continue;
      }
      OffsetAndMetadata done = committed.get(tp);
      if (done == null || done.offset() <= last.offset()) {
        offsets.put(tp, new OffsetAndMetadata(last.offset() + 1, last.leaderEpoch(), ""));
      }
    }
    return offsets;
  }

  /**
   * The side effects of the records below {@code partitions}' pending offsets were discarded (an
   * aborted transaction): process them again from the last committed offsets.
   */
  private void rewind(Set<TopicPartition> partitions, Duration timeout) {
    Set<TopicPartition> owned = new HashSet<>(partitions);
    owned.retainAll(consumer.assignment());
    forget(partitions);
    if (owned.isEmpty()) {
      return;
    }
    Map<TopicPartition, OffsetAndMetadata> last = consumer.committed(owned, timeout);
    for (TopicPartition tp : owned) {
      OffsetAndMetadata offset = last.get(tp);
      if (offset == null) {
        consumer.seekToBeginning(Set.of(tp));
      } else {
        consumer.seek(tp, offset);
      }
    }
    LOG.warn("Commit aborted; rewound {} to their last committed offsets", owned);
  }

  /** The application's commit hook failed: committing now could point past lost work. */
  static final class CommitHookFailedException extends RuntimeException {
    CommitHookFailedException(Exception cause) {
      super("The commit hook failed; nothing was committed: " + cause.getMessage(), cause);
    }
  }
}
