package io.kafkabluegreen.lifecycle.internal;

import io.kafkabluegreen.lifecycle.LifecycleState;
import io.kafkabluegreen.lifecycle.OffsetCommitter.CommitAbortedException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops consuming cleanly: the caller has already stopped at a record boundary and dropped the
 * fetched-but-unprocessed records; this pauses fetching, commits what the handler finished
 * (completing a rebalance that is in the way), and lands in STANDBY — either by leaving the group
 * (leave membership) or by staying a member that gives its partitions back through a rebalance
 * (standby membership, DESIGN.md). Whatever goes wrong, it still leaves or gives back: holding on
 * would risk two active colors, while an uncommitted offset only costs a re-processing by the next
 * owner.
 */
final class Drain<K, V> {

  private static final Logger LOG = LoggerFactory.getLogger(Drain.class);
  private static final Duration REBALANCE_POLL = Duration.ofMillis(50);
  // short: an eager member has revoked after its first poll, a cooperative one once the group
  // answers
  private static final Duration GIVE_BACK_POLL = Duration.ofMillis(10);

  private final Consumer<K, V> consumer;
  private final OffsetCommits<K, V> commits;
  private final RebalanceHandler rebalances;
  private final StatusBoard board;
  private final Duration timeout;
  private final List<String> topics;
  private final boolean consumerProtocol;
  private final Runnable requestRejoin;

  /**
   * @param requestRejoin asks the group for a rebalance when its last assignment was made from an
   *     older view than this member's (StandbyView.stale); null for leave membership
   */
  Drain(
      Consumer<K, V> consumer,
      OffsetCommits<K, V> commits,
      RebalanceHandler rebalances,
      StatusBoard board,
      Duration timeout,
      List<String> topics,
      boolean consumerProtocol,
      Runnable requestRejoin) {
    this.requestRejoin = requestRejoin;
    this.topics = topics;
    this.consumerProtocol = consumerProtocol;
    this.consumer = consumer;
    this.commits = commits;
    this.rebalances = rebalances;
    this.board = board;
    this.timeout = timeout;
  }

  /**
   * @param unhanded per partition, the first fetched record that was dropped (where a member that
   *     keeps the partition must continue from)
   * @param leave leave the group even with standby membership (shutdown)
   */
  void run(String reason, Map<TopicPartition, Long> unhanded, boolean leave) {
    long start = System.nanoTime();
    board.state(LifecycleState.DRAINING);
    consumer.pause(consumer.assignment());
    commitBefore(start + timeout.toNanos());
    long committed = System.nanoTime();
    boolean stay = requestRejoin != null && !leave;
    if (stay) {
      giveBack(unhanded, start + timeout.toNanos());
    } else {
      leave();
    }
    commits.forgetAll();
    board.state(LifecycleState.STANDBY);
    LOG.info(
        "Drained ({}) in {} ms (commit {} ms, {} {} ms); committed {}",
        reason,
        Mailbox.elapsedMillis(start),
        TimeUnit.NANOSECONDS.toMillis(committed - start),
        stay ? "give back" : "leave",
        Mailbox.elapsedMillis(committed),
        board.committedSorted());
  }

  /**
   * Standby membership: stay in the group, rewind to the first record not processed (so that a
   * partition this member keeps or gets back is not skipped), ask for a rebalance whose assignor
   * gives this member nothing, and poll — everything is paused, so nothing is fetched — until the
   * revocation came (eager: at once; cooperative: once the group's next generation is made).
   */
  private void giveBack(Map<TopicPartition, Long> unhanded, long deadlineNanos) {
    Set<TopicPartition> assigned = consumer.assignment();
    unhanded.forEach(
        (tp, offset) -> {
          if (assigned.contains(tp)) {
            consumer.seek(tp, offset);
          }
        });
    requestRejoin.run();
    try {
      while (!consumer.assignment().isEmpty() && System.nanoTime() < deadlineNanos) {
        consumer.poll(GIVE_BACK_POLL);
        // a generation whose JoinGroup was under way when the drain began may have been made from
        // an older Lease: asks again then (StandbyView.stale), as the poll loop does between polls
        requestRejoin.run();
      }
    } catch (OffsetCommits.CommitHookFailedException e) {
      throw e;
    } catch (KafkaException e) {
      LOG.warn("Giving the partitions back reported an error: {}", e.toString());
    }
    if (!consumer.assignment().isEmpty()) {
      LOG.warn(
          "Drain: the group has not taken {} back yet; they stay paused", consumer.assignment());
    }
  }

  private void leave() {
    try {
      if (consumerProtocol && !commits.hasPending()) {
        // KIP-848's consumer runs a rebalance listener through a hand-off between its background
        // thread and this one that costs ~100 ms on unsubscribe (it waits for events in 100 ms
        // slices). Everything finished is committed, so the revocation needs no callback: drop the
        // listener first and leave at once.
        consumer.subscribe(topics);
      }
      consumer.unsubscribe();
    } catch (OffsetCommits.CommitHookFailedException e) {
      throw e;
    } catch (KafkaException e) {
      LOG.warn(
          "Leaving the group reported an error (the subscription is cleared): {}", e.toString());
    }
    rebalances.clear();
  }

  /** A commit while active; a failure leaves the offsets pending for the next attempt. */
  void commitWhileActive() {
    try {
      commits.commitAll(timeout);
    } catch (CommitAbortedException e) {
      LOG.debug("Commit aborted and partitions rewound: {}", e.getMessage());
    } catch (RetriableException | RebalanceInProgressException | CommitFailedException e) {
      LOG.warn("Commit failed, will retry at the next commit point: {}", e.toString());
    }
  }

  private void commitBefore(long deadlineNanos) {
    while (true) {
      long left = deadlineNanos - System.nanoTime();
      try {
        commits.commitAll(Duration.ofNanos(Math.max(left, Duration.ofMillis(1).toNanos())));
        return;
      } catch (RebalanceInProgressException e) {
        if (left <= 0) {
          LOG.warn("Drain: a rebalance kept the commit from completing in time");
          return;
        }
        // completes the rebalance without fetching (every partition is paused); revoked partitions
        // are committed by the rebalance listener, the rest by the next attempt
        consumer.poll(REBALANCE_POLL);
      } catch (CommitAbortedException e) {
        return;
      } catch (RetriableException e) {
        if (left <= 0) {
          LOG.warn(
              "Drain: commit not completed in time ({}); the next owner re-processes",
              e.toString());
          return;
        }
      } catch (CommitFailedException e) {
        LOG.warn(
            "Drain: this member was fenced before committing; the next owner re-processes: {}",
            e.getMessage());
        return;
      }
    }
  }
}
