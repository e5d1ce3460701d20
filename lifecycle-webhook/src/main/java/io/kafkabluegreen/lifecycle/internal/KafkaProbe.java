package io.kafkabluegreen.lifecycle.internal;

import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells whether Kafka answers and the subscribed topics exist, without joining the group: what a
 * standby pod must prove before it counts as ready to take over.
 */
final class KafkaProbe {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaProbe.class);

  private final Consumer<?, ?> consumer;
  private final List<String> topics;
  private final StatusBoard board;
  private long lastCheckNanos;

  KafkaProbe(Consumer<?, ?> consumer, List<String> topics, StatusBoard board) {
    this.consumer = consumer;
    this.topics = topics;
    this.board = board;
  }

  boolean due(Duration interval) {
    return System.nanoTime() - lastCheckNanos >= interval.toNanos();
  }

  boolean check(Duration timeout) {
    lastCheckNanos = System.nanoTime();
    boolean ok = true;
    try {
      for (String topic : topics) {
        List<PartitionInfo> partitions = consumer.partitionsFor(topic, timeout);
        if (partitions == null || partitions.isEmpty()) {
          LOG.debug("Topic {} not found yet", topic);
          ok = false;
          break;
        }
      }
    } catch (KafkaException e) {
      LOG.debug("Kafka not reachable: {}", e.toString());
      ok = false;
    }
    if (ok != board.kafkaConnected()) {
      LOG.info("Kafka {}", ok ? "reachable, topics found" : "not reachable or topics missing");
    }
    board.kafkaConnected(ok);
    return ok;
  }
}
