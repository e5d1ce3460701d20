package io.kafkabluegreen.provider.lag;

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

  private record Batch(
      List<TopicPartition> partitions, ListOffsetsResult ends, ListOffsetsResult starts) {}

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

  /** Asks Kafka for the partitions added since the last call. */
  void send() {
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
    int timeout = deadline.remainingMillis();
    ListOffsetsResult ends =
        endAdmin.listOffsets(latest, new ListOffsetsOptions(isolation).timeoutMs(timeout));
    ListOffsetsResult starts =
        startAdmin.listOffsets(earliest, new ListOffsetsOptions().timeoutMs(timeout));
    batches.add(new Batch(List.copyOf(pending), ends, starts));
    pending.clear();
  }

  /**
   * Waits for every batch sent. Partitions Kafka does not know (a topic deleted meanwhile) are left
   * out and their topics added to {@code vanished}.
   */
  void collect(
      Map<TopicPartition, Long> end, Map<TopicPartition, Long> logStart, Set<String> vanished) {
    for (Batch b : batches) {
      for (TopicPartition tp : b.partitions) {
        try {
          long e = KafkaCalls.await(b.ends.partitionResult(tp), deadline, "end offsets").offset();
          long s =
              KafkaCalls.await(b.starts.partitionResult(tp), deadline, "log start offsets")
                  .offset();
          end.put(tp, e);
          logStart.put(tp, s);
        } catch (UnknownTopicOrPartitionException gone) {
          vanished.add(tp.topic());
        }
      }
    }
  }
}
