package io.kafkabluegreen.tests.validate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads offsets of source topics and the whole audit topic, without joining any consumer group
 * (manual assignment), so that reading never disturbs the group under test.
 */
final class AuditTopicReader {

  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

  private final Properties clientProperties;

  AuditTopicReader(Properties clientProperties) {
    this.clientProperties = new Properties();
    this.clientProperties.putAll(clientProperties);
  }

  /** {@code [log start, end)} of every partition of {@code topics}, as they are now. */
  Map<TopicPartition, OffsetRange> wholeTopics(Collection<String> topics) {
    try (Admin admin = Admin.create(clientProperties)) {
      List<TopicPartition> partitions = partitions(admin, topics);
      Map<TopicPartition, ListOffsetsResultInfo> start = offsets(admin, partitions, true);
      Map<TopicPartition, ListOffsetsResultInfo> end = offsets(admin, partitions, false);
      Map<TopicPartition, OffsetRange> window = new HashMap<>();
      for (TopicPartition tp : partitions) {
        window.put(tp, new OffsetRange(start.get(tp).offset(), end.get(tp).offset()));
      }
      return window;
    }
  }

  /** Every record of {@code topic} up to its end offsets at the time of the call. */
  List<AuditRecord> readAll(String topic) {
    Properties p = new Properties();
    p.putAll(clientProperties);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "audit-reader-" + UUID.randomUUID());
    p.remove(ConsumerConfig.GROUP_ID_CONFIG);
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(info -> new TopicPartition(topic, info.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      List<AuditRecord> records = new ArrayList<>();
      long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
      while (!reachedEnd(consumer, end)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("audit topic " + topic + " not read within timeout");
        }
        for (ConsumerRecord<String, String> record : consumer.poll(POLL)) {
          records.add(AuditRecord.parse(record.value()).orElse(null));
        }
      }
      return records;
    }
  }

  private static boolean reachedEnd(
      KafkaConsumer<String, String> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  private static List<TopicPartition> partitions(Admin admin, Collection<String> topics) {
    Map<String, TopicDescription> descriptions = get(admin.describeTopics(topics).allTopicNames());
    List<TopicPartition> partitions = new ArrayList<>();
    descriptions
        .values()
        .forEach(
            d ->
                d.partitions()
                    .forEach(p -> partitions.add(new TopicPartition(d.name(), p.partition()))));
    return partitions;
  }

  private static Map<TopicPartition, ListOffsetsResultInfo> offsets(
      Admin admin, List<TopicPartition> partitions, boolean earliest) {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    partitions.forEach(
        tp -> request.put(tp, earliest ? OffsetSpec.earliest() : OffsetSpec.latest()));
    return get(admin.listOffsets(request).all());
  }

  private static <T> T get(KafkaFuture<T> future) {
    try {
      return future.get(READ_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("Kafka call failed: " + e.getMessage(), e);
    }
  }
}
