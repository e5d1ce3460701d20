package io.kafkabluegreen.tests.load;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * Waits until every partition of a topic has a leader that answers. Right after CreateTopics the
 * controller has accepted the topic but the broker may not lead its partitions yet; an idempotent
 * producer whose first batch meets NOT_LEADER_OR_FOLLOWER can then retry its later batches with
 * OUT_OF_ORDER_SEQUENCE_NUMBER for a long time. {@code listOffsets} is served by the leader only,
 * so its success is the signal.
 */
final class TopicReadiness {

  private TopicReadiness() {}

  static void await(Properties clientProperties, String topic, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Admin admin = Admin.create(clientProperties)) {
      while (true) {
        try {
          TopicDescription description =
              admin
                  .describeTopics(java.util.List.of(topic))
                  .allTopicNames()
                  .get(5, TimeUnit.SECONDS)
                  .get(topic);
          Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
          description
              .partitions()
              .forEach(
                  p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
          admin.listOffsets(latest).all().get(5, TimeUnit.SECONDS);
          return;
        } catch (Exception e) {
          if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
          }
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("topic " + topic + " not ready within " + timeout, e);
          }
          LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
      }
    }
  }
}
