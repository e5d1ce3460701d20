package io.kafkabluegreen.provider.handover;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.DeleteConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.DeleteConsumerGroupsOptions;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;

/**
 * The handover's view of Kafka: who is in a group, what it committed, how many partitions its
 * topics have, and (strategy B) writing committed offsets. Every call is bounded by the provider's
 * Kafka timeout and throws {@link KafkaUnavailableException} when Kafka does not answer.
 */
public final class GroupReader {

  private final Admin admin;
  private final Duration timeout;

  public GroupReader(Admin admin, Duration timeout) {
    this.admin = admin;
    this.timeout = timeout;
  }

  /** The group's members and state; a group that does not exist is described as empty. */
  public GroupView describe(String group) {
    DescribeConsumerGroupsOptions options =
        new DescribeConsumerGroupsOptions().timeoutMs((int) timeout.toMillis());
    ConsumerGroupDescription description;
    try {
      description =
          get(
              admin.describeConsumerGroups(List.of(group), options).describedGroups().get(group),
              "describing group " + group);
    } catch (KafkaUnavailableException e) {
      if (e.getCause() instanceof GroupIdNotFoundException) {
        return new GroupView(group, "Dead", false, List.of());
      }
      throw e;
    }
    List<GroupMember> members = new ArrayList<>();
    for (MemberDescription member : description.members()) {
      members.add(
          new GroupMember(member.clientId(), member.host(), member.assignment().topicPartitions()));
    }
    return new GroupView(
        group,
        description.groupState().toString(),
        description.type() == GroupType.CONSUMER,
        members);
  }

  /** The group's committed offsets (partitions without a commit are absent). */
  public Map<TopicPartition, OffsetAndMetadata> committed(String group) {
    ListConsumerGroupOffsetsOptions options =
        new ListConsumerGroupOffsetsOptions().timeoutMs((int) timeout.toMillis());
    Map<TopicPartition, OffsetAndMetadata> offsets =
        get(
            admin.listConsumerGroupOffsets(group, options).partitionsToOffsetAndMetadata(),
            "listing offsets of group " + group);
    Map<TopicPartition, OffsetAndMetadata> result = new TreeMap<>(GroupReader::compare);
    offsets.forEach(
        (tp, offset) -> {
          if (offset != null) {
            result.put(tp, offset);
          }
        });
    return result;
  }

  /** Partition count per topic; topics that do not exist are left out. */
  public Map<String, Integer> partitionCounts(Collection<String> topics) {
    Map<String, Integer> counts = new TreeMap<>();
    if (topics.isEmpty()) {
      return counts;
    }
    DescribeTopicsOptions options = new DescribeTopicsOptions().timeoutMs((int) timeout.toMillis());
    Map<String, KafkaFuture<TopicDescription>> futures =
        admin.describeTopics(topics, options).topicNameValues();
    futures.forEach(
        (topic, future) -> {
          try {
            counts.put(topic, get(future, "describing topic " + topic).partitions().size());
          } catch (KafkaUnavailableException e) {
            if (!(e.getCause()
                instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)) {
              throw e;
            }
          }
        });
    return counts;
  }

  /** Sets the group's committed offsets; legal only while the group has no members. */
  public void alterOffsets(String group, Map<TopicPartition, OffsetAndMetadata> offsets) {
    if (offsets.isEmpty()) {
      return;
    }
    AlterConsumerGroupOffsetsOptions options =
        new AlterConsumerGroupOffsetsOptions().timeoutMs((int) timeout.toMillis());
    get(
        admin.alterConsumerGroupOffsets(group, offsets, options).all(),
        "writing offsets of group " + group);
  }

  /** Removes the group's committed offsets for these partitions. */
  public void deleteOffsets(String group, Set<TopicPartition> partitions) {
    if (partitions.isEmpty()) {
      return;
    }
    DeleteConsumerGroupOffsetsOptions options =
        new DeleteConsumerGroupOffsetsOptions().timeoutMs((int) timeout.toMillis());
    get(
        admin.deleteConsumerGroupOffsets(group, partitions, options).all(),
        "deleting offsets of group " + group);
  }

  /**
   * Deletes a group; true when it is gone (deleted now or did not exist), false when it is not
   * empty.
   */
  public boolean deleteGroup(String group) {
    DeleteConsumerGroupsOptions options =
        new DeleteConsumerGroupsOptions().timeoutMs((int) timeout.toMillis());
    try {
      get(admin.deleteConsumerGroups(List.of(group), options).all(), "deleting group " + group);
      return true;
    } catch (KafkaUnavailableException e) {
      if (e.getCause() instanceof GroupIdNotFoundException) {
        return true;
      }
      if (e.getCause() instanceof GroupNotEmptyException) {
        return false;
      }
      throw e;
    }
  }

  private <T> T get(KafkaFuture<T> future, String what) {
    try {
      return future.get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaUnavailableException(what + " (interrupted)", e);
    } catch (ExecutionException e) {
      throw new KafkaUnavailableException(what, e.getCause());
    } catch (TimeoutException e) {
      throw new KafkaUnavailableException(what, e);
    }
  }

  static int compare(TopicPartition a, TopicPartition b) {
    int byTopic = a.topic().compareTo(b.topic());
    return byTopic != 0 ? byTopic : Integer.compare(a.partition(), b.partition());
  }
}
