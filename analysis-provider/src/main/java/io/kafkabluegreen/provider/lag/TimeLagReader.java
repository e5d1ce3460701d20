package io.kafkabluegreen.provider.lag;

import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the timestamp of the next unconsumed record of each lagging partition, which is what the
 * time lag is made of. It fetches with a group-less consumer (one per isolation level, kept for the
 * provider's lifetime and used by one request at a time) and stops at the first record of each
 * partition.
 */
final class TimeLagReader implements AutoCloseable {

  private final Map<String, String> kafka;
  private final Duration timeout;
  private final Map<IsolationLevel, KafkaConsumer<byte[], byte[]>> consumers =
      new EnumMap<>(IsolationLevel.class);

  TimeLagReader(Map<String, String> kafka, Duration timeout) {
    this.kafka = Map.copyOf(kafka);
    this.timeout = timeout;
  }

  /**
   * @param positions the offset the group would read next, per partition
   * @return the timestamp (epoch ms) of the record at or after each position; partitions whose
   *     record did not arrive before the deadline are missing
   */
  synchronized Map<TopicPartition, Long> nextRecordTimestamps(
      Map<TopicPartition, Long> positions, IsolationLevel isolation, Deadline deadline) {
    if (positions.isEmpty()) {
      return Map.of();
    }
    KafkaConsumer<byte[], byte[]> consumer = consumers.computeIfAbsent(isolation, this::create);
    Map<TopicPartition, Long> found = new HashMap<>();
    try {
      consumer.assign(positions.keySet());
      positions.forEach(consumer::seek);
      while (found.size() < positions.size() && !deadline.passed()) {
        ConsumerRecords<byte[], byte[]> records =
            consumer.poll(Duration.ofMillis(Math.min(deadline.remainingMillis(), 250)));
        for (TopicPartition tp : records.partitions()) {
          if (found.putIfAbsent(tp, records.records(tp).get(0).timestamp()) == null) {
            consumer.pause(List.of(tp));
          }
        }
      }
    } catch (WakeupException | org.apache.kafka.common.errors.TimeoutException e) {
      // what was found so far stands; the rest stays unknown
    } finally {
      consumer.unsubscribe();
    }
    return found;
  }

  private KafkaConsumer<byte[], byte[]> create(IsolationLevel isolation) {
    Properties p = new Properties();
    p.putAll(kafka);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "kafka-bluegreen-provider-timelag");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation.name().toLowerCase(Locale.ROOT));
    // a position removed by retention meanwhile: the next record is then the first one left
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
    p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
    p.remove(ConsumerConfig.GROUP_ID_CONFIG);
    return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  @Override
  public synchronized void close() {
    consumers.values().forEach(c -> c.close(Duration.ofSeconds(1)));
    consumers.clear();
  }
}
