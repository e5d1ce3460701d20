package io.kafkabluegreen.provider.lag;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The end and log-start offsets of one read, asked for in batches as soon as the partitions are
 * known (a read learns them in up to three steps), each batch as two {@code listOffsets} calls
 * issued at once on two different {@link Admin} clients. Two clients because Kafka handles the
 * requests of one connection one after the other, and one client's network thread parses every
 * answer: on one client the log-start lookup would wait for the end lookup, on the broker and in
 * the client, and both for the group calls.
 */
final class LogOffsetLookup {

  /**
   * How long a lookup of partitions counted from {@link PartitionCounts} may take before the read
   * checks that their topic still exists: for a topic deleted meanwhile, Kafka's client does not
   * fail the lookup but retries it until its timeout.
   */
  static final Duration UNSURE_TIMEOUT = Duration.ofSeconds(2);

  private record Batch(
      List<TopicPartition> partitions,
      ListOffsetsResult ends,
      ListOffsetsResult starts,
      Deadline deadline,
      boolean unsure) {}

  private final Admin endAdmin;
  private final Admin startAdmin;
  private final IsolationLevel isolation;
  private final Deadline deadline;
  private final List<TopicPartition> pending = new ArrayList<>();
  private final List<Batch> batches = new ArrayList<>();

  LogOffsetLookup(Admin endAdmin, Admin startAdmin, IsolationLevel isolation, Deadline deadline) {
    this.endAdmin = endAdmin;
    this.startAdmin = startAdmin;
    this.isolation = isolation;
    this.deadline = deadline;
  }

  /** Adds partitions {@code from} (inclusive) to {@code to} (exclusive) of a topic. */
  void add(String topic, int from, int to) {
    for (int p = from; p < to; p++) {
      pending.add(new TopicPartition(topic, p));
    }
  }

  /**
   * Asks Kafka for the partitions added since the last call.
   *
   * @param unsure whether they come from counts that may be stale (their topic deleted since): they
   *     get at most {@link #UNSURE_TIMEOUT}, or half the time left, so that a second try fits
   */
  void send(boolean unsure) {
    if (pending.isEmpty()) {
      return;
    }
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>(pending.size() * 2);
    Map<TopicPartition, OffsetSpec> earliest = new HashMap<>(pending.size() * 2);
    OffsetSpec end = OffsetSpec.latest();
    OffsetSpec start = OffsetSpec.earliest();
    for (TopicPartition tp : pending) {
      latest.put(tp, end);
      earliest.put(tp, start);
    }
    Deadline batchDeadline = deadline;
    if (unsure) {
      long half = deadline.remainingMillis() / 2;
      batchDeadline = Deadline.in(Duration.ofMillis(Math.min(UNSURE_TIMEOUT.toMillis(), half)));
    }
    int timeout = batchDeadline.remainingMillis();
    ListOffsetsResult ends =
        endAdmin.listOffsets(latest, new ListOffsetsOptions(isolation).timeoutMs(timeout));
    ListOffsetsResult starts =
        startAdmin.listOffsets(earliest, new ListOffsetsOptions().timeoutMs(timeout));
    batches.add(new Batch(List.copyOf(pending), ends, starts, batchDeadline, unsure));
    pending.clear();
  }

  /**
   * Waits for every batch sent since the last call, for the partitions of the topics in {@code
   * keep} (a topic the group no longer has is not waited for). Partitions Kafka does not know (a
   * topic deleted meanwhile) are left out and their topics added to {@code vanished}; partitions of
   * an unsure batch that did not come back in its time are left out and their topics added to
   * {@code unsure}.
   */
  void collect(
      Set<String> keep,
      Map<TopicPartition, Long> end,
      Map<TopicPartition, Long> logStart,
      Set<String> vanished,
      Set<String> unsure) {
    for (Batch b : batches) {
      for (TopicPartition tp : b.partitions) {
        if (!keep.contains(tp.topic()) || unsure.contains(tp.topic())) {
          continue;
        }
        try {
          long e = KafkaCalls.await(b.ends.partitionResult(tp), b.deadline, "end offsets").offset();
          long s =
              KafkaCalls.await(b.starts.partitionResult(tp), b.deadline, "log start offsets")
                  .offset();
          end.put(tp, e);
          logStart.put(tp, s);
        } catch (UnknownTopicOrPartitionException gone) {
          vanished.add(tp.topic());
        } catch (KafkaUnavailableException late) {
          if (!b.unsure) {
            throw late;
          }
          unsure.add(tp.topic());
        }
      }
    }
    batches.clear();
  }
}
