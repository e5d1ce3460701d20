package io.kafkabluegreen.tests.connect;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;

/** What the broker says about a sink connector's consumer group and the topic it reads. */
final class SinkGroupReader {

  private final Admin admin;

  SinkGroupReader(Admin admin) {
    this.admin = admin;
  }

  ConsumerGroupDescription describe(String group) throws ExecutionException, InterruptedException {
    return admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get();
  }

  /** No member and state EMPTY: no task of the connector consumes any more. */
  boolean isEmpty(String group) throws ExecutionException, InterruptedException {
    ConsumerGroupDescription description = describe(group);
    return description.members().isEmpty() && description.groupState() == GroupState.EMPTY;
  }

  Map<TopicPartition, Long> committedOffsets(String group)
      throws ExecutionException, InterruptedException {
    return admin
        .listConsumerGroupOffsets(group)
        .partitionsToOffsetAndMetadata()
        .get()
        .entrySet()
        .stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
  }

  Map<TopicPartition, Long> endOffsets(String topic, int partitions)
      throws ExecutionException, InterruptedException {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    for (int p = 0; p < partitions; p++) {
      request.put(new TopicPartition(topic, p), OffsetSpec.latest());
    }
    return admin.listOffsets(request).all().get().entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
  }
}
