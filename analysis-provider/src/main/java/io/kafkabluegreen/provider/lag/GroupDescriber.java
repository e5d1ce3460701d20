package io.kafkabluegreen.provider.lag;

import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ClassicGroupDescription;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.DescribeClassicGroupsOptions;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.ClassicGroupState;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/**
 * Describes a consumer group: its state, member count and the partitions assigned to members.
 *
 * <p>{@code describeConsumerGroups} asks with the consumer-group API of KIP-848 first and, for a
 * classic group, a second time with the classic API after {@code retry.backoff.ms}: two round
 * trips, a back-off and twice the broker's work (measured: 8 ms instead of 2 ms on an idle broker,
 * more than the whole of {@code listConsumerGroupOffsets}). A group's protocol rarely changes, so a
 * group found classic is asked with the classic API directly the next time. Should the classic API
 * then not know it (it became a consumer-protocol group, or was deleted: the classic API answers
 * both as {@code DEAD} or group-not-found), the read falls back to {@code describeConsumerGroups}
 * within the same deadline, so the answer is the same as without the shortcut.
 */
final class GroupDescriber {

  private static final int MAX_GROUPS = 1000;

  /** What a lag read needs of a group description. */
  record View(String state, int members, Set<TopicPartition> assigned, boolean dead) {}

  private final Admin admin;
  private final Set<String> classic =
      Collections.newSetFromMap(
          Collections.synchronizedMap(
              new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                  return size() > MAX_GROUPS;
                }
              }));

  GroupDescriber(Admin admin) {
    this.admin = admin;
  }

  /** Starts describing the group; {@link Pending#await} gives the answer. */
  Pending start(String group, Deadline deadline) {
    if (classic.contains(group)) {
      return new Pending(group, deadline, describeClassic(group, deadline), null);
    }
    return new Pending(group, deadline, null, describeConsumer(group, deadline));
  }

  final class Pending {
    private final String group;
    private final Deadline deadline;
    private final KafkaFuture<ClassicGroupDescription> classicCall;
    private final KafkaFuture<ConsumerGroupDescription> consumerCall;

    private Pending(
        String group,
        Deadline deadline,
        KafkaFuture<ClassicGroupDescription> classicCall,
        KafkaFuture<ConsumerGroupDescription> consumerCall) {
      this.group = group;
      this.deadline = deadline;
      this.classicCall = classicCall;
      this.consumerCall = consumerCall;
    }

    /** The group, or empty if Kafka does not know it (its offsets decide whether it exists). */
    Optional<View> await() {
      if (classicCall != null) {
        try {
          ClassicGroupDescription d = KafkaCalls.await(classicCall, deadline, "describe group");
          if (d.state() != ClassicGroupState.DEAD && d.state() != ClassicGroupState.UNKNOWN) {
            return Optional.of(
                new View(d.state().name(), d.members().size(), topics(d.members()), false));
          }
        } catch (GroupIdNotFoundException e) {
          // not (or no longer) a classic group: ask as a consumer group below
        }
        classic.remove(group);
        return consumer(describeConsumer(group, deadline));
      }
      return consumer(consumerCall);
    }

    private Optional<View> consumer(KafkaFuture<ConsumerGroupDescription> call) {
      try {
        ConsumerGroupDescription d = KafkaCalls.await(call, deadline, "describe group");
        if (d.type() == GroupType.CLASSIC) {
          classic.add(group);
        }
        boolean dead = d.groupState() == org.apache.kafka.common.GroupState.DEAD;
        return Optional.of(
            new View(d.groupState().name(), d.members().size(), topics(d.members()), dead));
      } catch (GroupIdNotFoundException e) {
        // Kafka 4 answers an unknown group with this error
        return Optional.empty();
      }
    }
  }

  private KafkaFuture<ClassicGroupDescription> describeClassic(String group, Deadline deadline) {
    return admin
        .describeClassicGroups(
            List.of(group),
            new DescribeClassicGroupsOptions().timeoutMs(deadline.remainingMillis()))
        .describedGroups()
        .get(group);
  }

  private KafkaFuture<ConsumerGroupDescription> describeConsumer(String group, Deadline deadline) {
    return admin
        .describeConsumerGroups(
            List.of(group),
            new DescribeConsumerGroupsOptions().timeoutMs(deadline.remainingMillis()))
        .describedGroups()
        .get(group);
  }

  private static Set<TopicPartition> topics(Collection<MemberDescription> members) {
    Set<TopicPartition> assigned = new HashSet<>();
    for (MemberDescription m : members) {
      assigned.addAll(m.assignment().topicPartitions());
    }
    return assigned;
  }
}
