package io.kafkabluegreen.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkabluegreen.app.audit.AuditRecord;
import io.kafkabluegreen.tests.kafka.KafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a whole audit topic (read_committed) and checks it against the source topic. */
final class AuditLog {

  private static final ObjectMapper JSON = new ObjectMapper();

  final List<AuditRecord> records;

  private AuditLog(List<AuditRecord> records) {
    this.records = records;
  }

  static AuditLog read(KafkaBroker broker, String auditTopic) {
    Properties p = broker.clientProperties();
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<AuditRecord> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(auditTopic).stream()
              .map(i -> new TopicPartition(auditTopic, i.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          out.add(JSON.readValue(r.value(), AuditRecord.class));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new AuditLog(out);
  }

  /** Source positions ({@code partition@offset}) audited more than once. */
  Set<String> duplicates() {
    Map<String, Long> counts =
        records.stream().collect(Collectors.groupingBy(AuditLog::position, Collectors.counting()));
    return counts.entrySet().stream()
        .filter(e -> e.getValue() > 1)
        .map(Map.Entry::getKey)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** Source positions below {@code endOffsets} that have no audit record. */
  Set<String> missing(Map<Integer, Long> endOffsets) {
    Set<String> seen = records.stream().map(AuditLog::position).collect(Collectors.toSet());
    Set<String> missing = new TreeSet<>();
    endOffsets.forEach(
        (partition, end) -> {
          for (long o = 0; o < end; o++) {
            if (!seen.contains(partition + "@" + o)) {
              missing.add(partition + "@" + o);
            }
          }
        });
    return missing;
  }

  Map<String, Long> countByHash() {
    return records.stream()
        .collect(Collectors.groupingBy(AuditRecord::hash, HashMap::new, Collectors.counting()));
  }

  private static String position(AuditRecord r) {
    return r.partition() + "@" + r.offset();
  }
}
