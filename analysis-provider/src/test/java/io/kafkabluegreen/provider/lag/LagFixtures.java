package io.kafkabluegreen.provider.lag;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** Small Kafka set-up steps shared by the lag integration tests. */
final class LagFixtures {

  static final Duration PATIENCE = Duration.ofSeconds(60);

  private LagFixtures() {}

  static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /**
   * Commits offsets for an (empty) group: {@code offsets[p]} for partition p, or nothing for that
   * partition when it is negative.
   */
  static void commit(Admin admin, String group, String topic, long... offsets) {
    Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
    for (int p = 0; p < offsets.length; p++) {
      if (offsets[p] >= 0) {
        commits.put(new TopicPartition(topic, p), new OffsetAndMetadata(offsets[p]));
      }
    }
    get(admin.alterConsumerGroupOffsets(group, commits).all());
  }

  static void deleteRecordsBefore(Admin admin, String topic, int partition, long offset) {
    get(
        admin
            .deleteRecords(
                Map.of(new TopicPartition(topic, partition), RecordsToDelete.beforeOffset(offset)))
            .all());
  }

  static <T> T get(org.apache.kafka.common.KafkaFuture<T> future) {
    try {
      return future.get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
