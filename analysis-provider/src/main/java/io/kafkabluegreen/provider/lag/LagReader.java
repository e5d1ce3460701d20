package io.kafkabluegreen.provider.lag;

import java.time.Clock;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.DisconnectException;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Reads a group's offsets from Kafka on the provider's long-lived {@link Admin} client: the group
 * description and its committed offsets (in parallel), the partition counts of its topics, then the
 * end and log-start offsets of all those partitions in two batched {@code listOffsets} calls (in
 * parallel). The topics a group had at its previous read are described speculatively alongside the
 * first two calls, which takes a round trip off the usual path; the answer still uses only the
 * topics the group has now. The whole read shares the request's deadline, so a dead cluster costs
 * at most the configured timeout.
 */
final class LagReader {

  private static final int MAX_TOPIC_HINTS = 1000;

  private final Admin admin;
  private final Clock clock;
  private final Map<String, Set<String>> topicHints =
      Collections.synchronizedMap(
          new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Set<String>> eldest) {
              return size() > MAX_TOPIC_HINTS;
            }
          });

  LagReader(Admin admin, Clock clock) {
    this.admin = admin;
    this.clock = clock;
  }

  /**
   * @throws LagNotFoundException the group is unknown, or a topic asked for does not exist
   * @throws KafkaUnavailableException Kafka did not answer in time
   */
  OffsetSnapshot read(
      String group, Set<String> topicFilter, IsolationLevel isolation, Deadline deadline) {
    KafkaFuture<ConsumerGroupDescription> describe =
        admin
            .describeConsumerGroups(
                List.of(group),
                new DescribeConsumerGroupsOptions().timeoutMs(deadline.remainingMillis()))
            .describedGroups()
            .get(group);
    KafkaFuture<Map<TopicPartition, OffsetAndMetadata>> offsets =
        admin
            .listConsumerGroupOffsets(
                group, new ListConsumerGroupOffsetsOptions().timeoutMs(deadline.remainingMillis()))
            .partitionsToOffsetAndMetadata();
    Map<String, KafkaFuture<TopicDescription>> described = new HashMap<>();
    Set<String> likely = topicFilter.isEmpty() ? topicHints.get(group) : topicFilter;
    describeTopics(likely == null ? Set.of() : likely, described, deadline);

    Map<TopicPartition, Long> allCommitted = committed(await(offsets, deadline, "offsets"));
    Map<TopicPartition, Long> committed = new HashMap<>(allCommitted);
    if (!topicFilter.isEmpty()) {
      committed.keySet().removeIf(tp -> !topicFilter.contains(tp.topic()));
    }
    Set<String> topics =
        new TreeSet<>(topicFilter.isEmpty() ? topicsOf(committed.keySet()) : topicFilter);
    describeTopics(topics, described, deadline);
    Optional<ConsumerGroupDescription> description = describeOrEmpty(describe, deadline);
    boolean dead = description.isEmpty() || description.get().groupState() == GroupState.DEAD;
    if (dead && allCommitted.isEmpty()) {
      throw new LagNotFoundException("Consumer group '" + group + "' does not exist");
    }
    if (topicFilter.isEmpty()) {
      // topics assigned to members but never committed on
      description.ifPresent(d -> topics.addAll(assignedTopics(d)));
      describeTopics(topics, described, deadline);
      topicHints.put(group, Set.copyOf(topics));
    }
    described.keySet().retainAll(topics);
    Map<String, Integer> partitionCounts = partitionCounts(described, deadline);
    for (String topic : topicFilter) {
      if (!partitionCounts.containsKey(topic) && !topicsOf(committed.keySet()).contains(topic)) {
        throw new LagNotFoundException("Topic '" + topic + "' does not exist");
      }
    }
    Map<TopicPartition, Long> end = new HashMap<>();
    Map<TopicPartition, Long> logStart = new HashMap<>();
    readLogOffsets(partitionCounts, isolation, deadline, end, logStart);
    return new OffsetSnapshot(
        group,
        description.map(d -> d.groupState().name()).orElse(GroupState.UNKNOWN.name()),
        description.map(d -> d.members().size()).orElse(0),
        committed,
        end,
        logStart,
        clock.instant());
  }

  private static Set<String> topicsOf(Set<TopicPartition> partitions) {
    Set<String> topics = new TreeSet<>();
    partitions.forEach(tp -> topics.add(tp.topic()));
    return topics;
  }

  private static Set<String> assignedTopics(ConsumerGroupDescription description) {
    Set<String> topics = new TreeSet<>();
    description.members().forEach(m -> topics.addAll(topicsOf(m.assignment().topicPartitions())));
    return topics;
  }

  private Optional<ConsumerGroupDescription> describeOrEmpty(
      KafkaFuture<ConsumerGroupDescription> describe, Deadline deadline) {
    try {
      return Optional.of(await(describe, deadline, "describe group"));
    } catch (GroupIdNotFoundException e) {
      // Kafka 4 answers an unknown group with this error; whether the group really is unknown
      // also depends on its committed offsets, which the caller checks.
      return Optional.empty();
    }
  }

  /** Starts describing the topics not already being described. */
  private void describeTopics(
      Set<String> wanted, Map<String, KafkaFuture<TopicDescription>> topics, Deadline deadline) {
    Set<String> missing = new TreeSet<>(wanted);
    missing.removeAll(topics.keySet());
    if (!missing.isEmpty()) {
      topics.putAll(
          admin
              .describeTopics(
                  missing, new DescribeTopicsOptions().timeoutMs(deadline.remainingMillis()))
              .topicNameValues());
    }
  }

  /** Partition count per existing topic; topics that do not exist (any more) are left out. */
  private Map<String, Integer> partitionCounts(
      Map<String, KafkaFuture<TopicDescription>> topics, Deadline deadline) {
    Map<String, Integer> counts = new HashMap<>();
    topics.forEach(
        (name, future) -> {
          try {
            counts.put(name, await(future, deadline, "describe topic").partitions().size());
          } catch (UnknownTopicOrPartitionException e) {
            // deleted topic: its committed offsets, if any, are reported as orphaned
          }
        });
    return counts;
  }

  private void readLogOffsets(
      Map<String, Integer> partitionCounts,
      IsolationLevel isolation,
      Deadline deadline,
      Map<TopicPartition, Long> end,
      Map<TopicPartition, Long> logStart) {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
    partitionCounts.forEach(
        (topic, count) -> {
          for (int p = 0; p < count; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            earliest.put(new TopicPartition(topic, p), OffsetSpec.earliest());
          }
        });
    if (latest.isEmpty()) {
      return;
    }
    ListOffsetsResult ends =
        admin.listOffsets(
            latest, new ListOffsetsOptions(isolation).timeoutMs(deadline.remainingMillis()));
    ListOffsetsResult starts =
        admin.listOffsets(earliest, new ListOffsetsOptions().timeoutMs(deadline.remainingMillis()));
    for (TopicPartition tp : latest.keySet()) {
      try {
        long e = await(ends.partitionResult(tp), deadline, "end offsets").offset();
        long s = await(starts.partitionResult(tp), deadline, "log start offsets").offset();
        end.put(tp, e);
        logStart.put(tp, s);
      } catch (UnknownTopicOrPartitionException gone) {
        // the topic was deleted between describeTopics and listOffsets: same as deleted
      }
    }
  }

  private static Map<TopicPartition, Long> committed(Map<TopicPartition, OffsetAndMetadata> raw) {
    Map<TopicPartition, Long> committed = new HashMap<>();
    raw.forEach(
        (tp, om) -> {
          if (om != null && om.offset() >= 0) {
            committed.put(tp, om.offset());
          }
        });
    return committed;
  }

  /** Waits for a Kafka future within the deadline, turning Kafka's failures into ours. */
  private static <T> T await(KafkaFuture<T> future, Deadline deadline, String what) {
    try {
      return future.get(deadline.remainingMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaUnavailableException("Interrupted while reading " + what, e);
    } catch (TimeoutException e) {
      throw new KafkaUnavailableException("Kafka did not answer in time (" + what + ")", e);
    } catch (ExecutionException e) {
      throw translate(e.getCause(), what);
    }
  }

  private static RuntimeException translate(Throwable cause, String what) {
    if (cause instanceof UnknownTopicOrPartitionException
        || cause instanceof GroupIdNotFoundException) {
      // answers, not outages (the first is a RetriableException for clients, hence checked first)
      return (RuntimeException) cause;
    }
    if (cause instanceof org.apache.kafka.common.errors.TimeoutException
        || cause instanceof RetriableException
        || cause instanceof DisconnectException) {
      return new KafkaUnavailableException(
          "Kafka did not answer in time (" + what + "): " + cause.getMessage(), cause);
    }
    if (cause instanceof RuntimeException runtime) {
      return runtime;
    }
    return new IllegalStateException("Reading " + what + " failed", cause);
  }
}
