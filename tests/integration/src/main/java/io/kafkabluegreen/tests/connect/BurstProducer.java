package io.kafkabluegreen.tests.connect;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends a burst of records as fast as the broker takes them, to put a large lag in front of a sink
 * connector right before a switch. Values are {@code burst-<id>-<i>}, unique across bursts.
 */
public final class BurstProducer {

  private BurstProducer() {}

  static String value(String id, int i) {
    return "burst-" + id + "-" + i;
  }

  /** Sends {@code count} records and returns once all are acknowledged. */
  public static void send(Properties clientProperties, String topic, String id, int count) {
    AtomicReference<Exception> firstError = new AtomicReference<>();
    Properties p = new Properties();
    p.putAll(clientProperties);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "10");
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "burst-producer-" + id);
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      for (int i = 0; i < count; i++) {
        producer.send(
            new ProducerRecord<>(topic, "b-" + (i % 1000), value(id, i)),
            (metadata, error) -> {
              if (error != null) {
                firstError.compareAndSet(null, error);
              }
            });
      }
      producer.flush();
      producer.close(Duration.ofSeconds(30));
    }
    // a burst with a lost send would count as a loss of the handover
    if (firstError.get() != null) {
      throw new IllegalStateException("burst " + id + " not fully sent", firstError.get());
    }
  }
}
