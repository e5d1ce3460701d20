package io.kafkabluegreen.lifecycle.internal;

import io.kafkabluegreen.lifecycle.LifecycleState;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the commit rule across rebalances (eager, cooperative-sticky, and KIP-848's consumer
 * protocol alike): a revoked partition gets its finished records committed before another member
 * takes it; a lost partition is committed nothing (this member no longer owns it, the new owner
 * re-processes from the last commit); a partition assigned while draining is paused at once. Kafka
 * calls these on the poll thread, inside poll/unsubscribe/close.
 */
final class RebalanceHandler implements ConsumerRebalanceListener {

  private static final Logger LOG = LoggerFactory.getLogger(RebalanceHandler.class);

  private final Consumer<?, ?> consumer;
  private final OffsetCommits<?, ?> commits;
  private final StatusBoard board;
  private final Duration commitTimeout;
  private final Set<TopicPartition> owned = new HashSet<>();

  RebalanceHandler(
      Consumer<?, ?> consumer,
      OffsetCommits<?, ?> commits,
      StatusBoard board,
      Duration commitTimeout) {
    this.consumer = consumer;
    this.commits = commits;
    this.board = board;
    this.commitTimeout = commitTimeout;
  }

  @Override
  public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
    if (partitions.isEmpty()) {
      return;
    }
    try {
      commits.commit(partitions, commitTimeout);
    } catch (OffsetCommits.CommitHookFailedException e) {
      throw e;
    } catch (KafkaException e) {
      // the new owner re-processes from the last commit: duplicates are possible, loss is not
      LOG.warn("Could not commit revoked partitions {}: {}", partitions, e.toString());
    }
    commits.forget(partitions);
    owned.removeAll(partitions);
    board.assigned(owned);
    LOG.info("Partitions revoked: {}", partitions);
  }

  @Override
  public void onPartitionsLost(Collection<TopicPartition> partitions) {
    commits.forget(partitions);
    owned.removeAll(partitions);
    board.assigned(owned);
    LOG.warn("Partitions lost (nothing committed): {}", partitions);
  }

  @Override
  public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
    owned.addAll(partitions);
    board.assigned(owned);
    if (board.state() != LifecycleState.ACTIVE && !partitions.isEmpty()) {
      // assigned in the middle of a drain or shutdown: fetch nothing for it
      consumer.pause(partitions);
    }
    if (!partitions.isEmpty()) {
      LOG.info("Partitions assigned: {}", partitions);
    }
  }

  /** After unsubscribe or close: nothing is owned. */
  void clear() {
    owned.clear();
    board.assigned(owned);
  }
}
