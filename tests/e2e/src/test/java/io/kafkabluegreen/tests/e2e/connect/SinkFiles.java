package io.kafkabluegreen.tests.e2e.connect;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What the FileStreamSinkConnectors of every revision wrote, one file per worker pod in one
 * directory, judged against what the topic holds: each line is a load record's value ({@code
 * {"seq":..}}), so a sequence number missing from every file is lost and one seen more than once
 * was delivered twice.
 */
public final class SinkFiles {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;

  public SinkFiles(Path dir) {
    this.dir = dir;
  }

  /** How often each sequence number appears in all files together. */
  public Map<Long, Integer> delivered() {
    Map<Long, Integer> counts = new HashMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.sorted().toList()) {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          if (!line.isBlank()) {
            counts.merge(JSON.readTree(line).path("seq").asLong(), 1, Integer::sum);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return counts;
  }

  /** Every sequence number in {@code topic}, read from the beginning to its end offsets. */
  public static Set<Long> produced(Properties clientProperties, String topic) {
    Properties p = new Properties();
    p.putAll(clientProperties);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    Set<Long> seqs = new HashSet<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(info -> new TopicPartition(topic, info.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        for (var record : consumer.poll(Duration.ofMillis(500))) {
          seqs.add(JSON.readTree(record.value()).path("seq").asLong());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return seqs;
  }
}
