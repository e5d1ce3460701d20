package io.kafkabluegreen.app;

import io.kafkabluegreen.tests.kafka.KafkaBroker;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Produces records at a steady rate in the background, as a load producer does in scenarios. */
final class LoadProducer {

  private LoadProducer() {}

  /**
   * Sends {@code count} records at about {@code perSecond}; completes when all are acknowledged.
   */
  static CompletableFuture<Void> start(KafkaBroker broker, String topic, int count, int perSecond) {
    return CompletableFuture.runAsync(
        () -> {
          Properties p = broker.clientProperties();
          p.put(ProducerConfig.ACKS_CONFIG, "all");
          p.put(ProducerConfig.LINGER_MS_CONFIG, "2");
          long intervalNanos = 1_000_000_000L / perSecond;
          long next = System.nanoTime();
          try (KafkaProducer<String, String> producer =
              new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < count; i++) {
              producer.send(new ProducerRecord<>(topic, "k-" + i, "v-" + i));
              next += intervalNanos;
              long wait = next - System.nanoTime();
              if (wait > 0) {
                LockSupport.parkNanos(wait);
              }
            }
            producer.flush();
          }
        },
        runnable -> {
          Thread t = new Thread(runnable, "load-producer-" + topic);
          t.setDaemon(true);
          t.start();
        });
  }

  /** End offset of every partition of {@code topic}. */
  static Map<Integer, Long> endOffsets(KafkaBroker broker, String topic) {
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            broker.clientProperties(), new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(i -> new TopicPartition(topic, i.partition()))
              .toList();
      Map<Integer, Long> out = new HashMap<>();
      consumer
          .endOffsets(partitions, Duration.ofSeconds(10))
          .forEach((tp, end) -> out.put(tp.partition(), end));
      return out;
    }
  }
}
