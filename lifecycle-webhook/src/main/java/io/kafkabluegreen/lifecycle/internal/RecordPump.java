package io.kafkabluegreen.lifecycle.internal;

import io.kafkabluegreen.lifecycle.FailurePolicy;
import io.kafkabluegreen.lifecycle.LifecycleOptions;
import io.kafkabluegreen.lifecycle.RecordHandler;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The active part of the poll loop: polls, hands records to the handler one by one, and stops at
 * the first record boundary where a command waits. Fetched records not yet handled are kept for the
 * next call (or dropped by a drain); a failing record that a command interrupted is kept as
 * unfinished and tried again first. Used only on the poll thread.
 */
final class RecordPump<K, V> {

  private static final Logger LOG = LoggerFactory.getLogger(RecordPump.class);

  private final Consumer<K, V> consumer;
  private final LifecycleOptions options;
  private final RecordHandler<K, V> handler;
  private final OffsetCommits<K, V> commits;
  private final Drain<K, V> drain;
  private final StatusBoard board;
  private final Mailbox mailbox;
  private FetchedBatch<K, V> batch;
  private ConsumerRecord<K, V> unfinished;
  private TopicPartition unfinishedPartition;
  private long nextCommitNanos;

  RecordPump(
      Consumer<K, V> consumer,
      LifecycleOptions options,
      RecordHandler<K, V> handler,
      OffsetCommits<K, V> commits,
      Drain<K, V> drain,
      StatusBoard board,
      Mailbox mailbox) {
    this.consumer = consumer;
    this.options = options;
    this.handler = handler;
    this.commits = commits;
    this.drain = drain;
    this.board = board;
    this.mailbox = mailbox;
  }

  /** A new active period begins: the first periodic commit is one interval away. */
  void start() {
    nextCommitNanos = System.nanoTime() + options.commitInterval().toNanos();
  }

  void pumpOnce() {
    if (unfinished == null && (batch == null || !batch.hasNext())) {
      if (System.nanoTime() >= nextCommitNanos) {
        commitFinished();
      }
      batch = new FetchedBatch<>(consumer.poll(options.pollTimeout()));
    }
    while (mailbox.isEmpty()) {
      ConsumerRecord<K, V> record;
      TopicPartition partition;
      if (unfinished != null) {
        record = unfinished;
        partition = unfinishedPartition;
      } else if (batch.hasNext()) {
        record = batch.next();
        partition = batch.partition();
      } else {
        return;
      }
      unfinished = null;
      if (!process(partition, record)) {
        unfinished = record;
        unfinishedPartition = partition;
        return;
      }
    }
  }

  /** True when the record is finished; false when a command interrupted its retries. */
  private boolean process(TopicPartition partition, ConsumerRecord<K, V> record) {
    while (true) {
      try {
        handler.handle(record);
        commits.finished(partition, record);
        board.countProcessed();
        return true;
      } catch (Exception e) {
        board.countFailed();
        if (options.failurePolicy() == FailurePolicy.SKIP) {
          LOG.debug("Skipping failed record {}@{}: {}", partition, record.offset(), e.toString());
          commits.finished(partition, record);
          return true;
        }
        LOG.debug("Record {}@{} failed, retrying: {}", partition, record.offset(), e.toString());
        if (mailbox.awaitQuietly(options.retryBackoff())) {
          return false;
        }
      }
    }
  }

  private void commitFinished() {
    nextCommitNanos = System.nanoTime() + options.commitInterval().toNanos();
    if (commits.hasPending()) {
      drain.commitWhileActive();
    }
  }

  /**
   * Forgets the fetched records not handled yet; answers, per partition, the offset of the first of
   * them (the consumer's position is past them, so a member that keeps its partitions must seek
   * back there, or they would be skipped).
   */
  Map<TopicPartition, Long> dropFetched() {
    Map<TopicPartition, Long> starts = new HashMap<>();
    if (batch != null) {
      starts.putAll(batch.unhandedStarts());
    }
    if (unfinished != null) {
      starts.merge(unfinishedPartition, unfinished.offset(), Math::min);
    }
    batch = null;
    unfinished = null;
    return starts;
  }
}
