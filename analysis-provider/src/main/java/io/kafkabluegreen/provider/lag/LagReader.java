package io.kafkabluegreen.provider.lag;

import java.time.Clock;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Reads a group's offsets from Kafka: the group description and its committed offsets, the
 * partition counts of its topics, and the end and log-start offsets of all those partitions.
 *
 * <p>Nothing waits for what it does not need. The topics the group had at its previous read (or the
 * topics asked for) are known at once, and so are their partition counts while {@link
 * PartitionCounts} holds them: their {@code listOffsets} calls leave together with the group calls,
 * so that a usual read costs the slowest single call rather than the chain describe → offsets →
 * topics → listOffsets. Topics learnt later (first committed on, or assigned to a member) are
 * described and looked up as soon as they are known. The end and log-start lookups run on their own
 * clients ({@link LogOffsetLookup}); the group and metadata calls on the provider's shared one. The
 * answer uses only the topics the group has now. The whole read shares the request's deadline, so a
 * dead cluster costs at most the configured timeout.
 */
final class LagReader {

  private static final int MAX_TOPIC_HINTS = 1000;

  private final Admin admin;
  private final Admin endAdmin;
  private final Admin startAdmin;
  private final Clock clock;
  private final GroupDescriber groups;
  private final PartitionCounts counts;
  private final Map<String, Set<String>> topicHints =
      Collections.synchronizedMap(
          new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Set<String>> eldest) {
              return size() > MAX_TOPIC_HINTS;
            }
          });

  /**
   * @param admin the provider's shared client: group calls and topic metadata
   * @param endAdmin a client for the end-offset lookups alone
   * @param startAdmin a client for the log-start-offset lookups alone
   */
  LagReader(Admin admin, Admin endAdmin, Admin startAdmin, Clock clock, PartitionCounts counts) {
    this.admin = admin;
    this.endAdmin = endAdmin;
    this.startAdmin = startAdmin;
    this.clock = clock;
    this.groups = new GroupDescriber(admin);
    this.counts = counts;
  }

  /** One read's topics: which are known, being described, or looked up. */
  private final class Topics {
    private final LogOffsetLookup logs;
    private final Deadline deadline;

    /** Partition count per topic whose log offsets were asked for. */
    private final Map<String, Integer> looked = new HashMap<>();

    /** Topics whose count came from {@link PartitionCounts}, not from this read. */
    private final Set<String> cached = new HashSet<>();

    private final Map<String, KafkaFuture<TopicDescription>> describing = new HashMap<>();

    Topics(IsolationLevel isolation, Deadline deadline) {
      this.logs = new LogOffsetLookup(endAdmin, startAdmin, isolation, deadline);
      this.deadline = deadline;
    }

    /** Looks up the topics with a recent count, starts describing the others. */
    void want(Set<String> topics) {
      Set<String> toDescribe = new TreeSet<>();
      for (String topic : topics) {
        if (looked.containsKey(topic) || describing.containsKey(topic)) {
          continue;
        }
        int count = counts.fresh(topic);
        if (count > 0) {
          cached.add(topic);
          look(topic, count);
        } else {
          toDescribe.add(topic);
        }
      }
      describe(toDescribe);
      logs.send(true);
    }

    /**
     * A committed or assigned partition beyond a recent count means partitions were added: the
     * topic is described again.
     */
    void checkCounts(Set<TopicPartition> seen) {
      Set<String> stale = new TreeSet<>();
      for (TopicPartition tp : seen) {
        Integer count = looked.get(tp.topic());
        if (count != null && cached.contains(tp.topic()) && tp.partition() >= count) {
          stale.add(tp.topic());
        }
      }
      describe(stale);
    }

    /** Waits for the descriptions of the topics in {@code keep} and looks their partitions up. */
    void awaitDescriptions(Set<String> keep) {
      describing.forEach(
          (topic, future) -> {
            if (!keep.contains(topic)) {
              return; // a hint the group no longer has: not waited for
            }
            try {
              int count = KafkaCalls.await(future, deadline, "describe topic").partitions().size();
              counts.described(topic, count);
              cached.remove(topic);
              look(topic, count);
            } catch (UnknownTopicOrPartitionException e) {
              // deleted topic: its committed offsets, if any, are reported as orphaned
              counts.forget(topic);
            }
          });
      describing.clear();
      logs.send(false);
    }

    /**
     * End and log-start offsets of the partitions of {@code keep}. Topics whose lookup from a
     * recent count did not come back in time are described again and, if they still exist, looked
     * up once more.
     */
    void collect(Set<String> keep, Map<TopicPartition, Long> end, Map<TopicPartition, Long> start) {
      Set<String> vanished = new HashSet<>();
      Set<String> unsure = new TreeSet<>();
      logs.collect(keep, end, start, vanished, unsure);
      if (!unsure.isEmpty()) {
        for (String topic : unsure) {
          counts.forget(topic);
          looked.remove(topic);
          cached.remove(topic);
          end.keySet().removeIf(tp -> tp.topic().equals(topic));
          start.keySet().removeIf(tp -> tp.topic().equals(topic));
        }
        unsure.retainAll(keep);
        describe(unsure);
        awaitDescriptions(keep);
        logs.collect(keep, end, start, vanished, new HashSet<>());
      }
      vanished.forEach(counts::forget);
      end.keySet().removeIf(tp -> !keep.contains(tp.topic()));
      start.keySet().removeIf(tp -> !keep.contains(tp.topic()));
    }

    private void look(String topic, int count) {
      int already = looked.getOrDefault(topic, 0);
      if (count > already) {
        logs.add(topic, already, count);
        looked.put(topic, count);
      }
    }

    private void describe(Set<String> topics) {
      if (!topics.isEmpty()) {
        describing.putAll(
            admin
                .describeTopics(
                    topics, new DescribeTopicsOptions().timeoutMs(deadline.remainingMillis()))
                .topicNameValues());
      }
    }
  }

  /**
   * @throws LagNotFoundException the group is unknown, or a topic asked for does not exist
   * @throws KafkaUnavailableException Kafka did not answer in time
   */
  OffsetSnapshot read(
      String group, Set<String> topicFilter, IsolationLevel isolation, Deadline deadline) {
    GroupDescriber.Pending describe = groups.start(group, deadline);
    KafkaFuture<Map<TopicPartition, OffsetAndMetadata>> offsets =
        admin
            .listConsumerGroupOffsets(
                group, new ListConsumerGroupOffsetsOptions().timeoutMs(deadline.remainingMillis()))
            .partitionsToOffsetAndMetadata();
    Topics topics = new Topics(isolation, deadline);
    Set<String> likely = topicFilter.isEmpty() ? topicHints.get(group) : topicFilter;
    topics.want(likely == null ? Set.of() : likely);

    Map<TopicPartition, Long> allCommitted =
        committed(KafkaCalls.await(offsets, deadline, "offsets"));
    Map<TopicPartition, Long> committed = new HashMap<>(allCommitted);
    if (!topicFilter.isEmpty()) {
      committed.keySet().removeIf(tp -> !topicFilter.contains(tp.topic()));
    }
    Set<String> wanted =
        new TreeSet<>(topicFilter.isEmpty() ? topicsOf(committed.keySet()) : topicFilter);
    topics.want(wanted);
    topics.checkCounts(committed.keySet());

    Optional<GroupDescriber.View> description = describe.await();
    boolean dead = description.isEmpty() || description.get().dead();
    if (dead && allCommitted.isEmpty()) {
      throw new LagNotFoundException("Consumer group '" + group + "' does not exist");
    }
    if (topicFilter.isEmpty() && description.isPresent()) {
      // topics assigned to members but never committed on
      Set<TopicPartition> assigned = description.get().assigned();
      wanted.addAll(topicsOf(assigned));
      topics.want(wanted);
      topics.checkCounts(assigned);
    }
    topics.awaitDescriptions(wanted);
    Map<TopicPartition, Long> end = new HashMap<>();
    Map<TopicPartition, Long> logStart = new HashMap<>();
    topics.collect(wanted, end, logStart);
    if (topicFilter.isEmpty()) {
      topicHints.put(group, Set.copyOf(wanted));
    }
    Set<String> existing = topicsOf(end.keySet());
    for (String topic : topicFilter) {
      if (!existing.contains(topic) && !topicsOf(committed.keySet()).contains(topic)) {
        throw new LagNotFoundException("Topic '" + topic + "' does not exist");
      }
    }
    return new OffsetSnapshot(
        group,
        description.map(GroupDescriber.View::state).orElse(GroupState.UNKNOWN.name()),
        description.map(GroupDescriber.View::members).orElse(0),
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
}
