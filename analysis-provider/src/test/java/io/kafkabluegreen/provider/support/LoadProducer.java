package io.kafkabluegreen.provider.support;

import io.kafkabluegreen.tests.kafka.KafkaBroker;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Produces a steady stream of records (a batch every 10 ms) until closed; counts the acked ones.
 */
public final class LoadProducer implements AutoCloseable {

  private final KafkaProducer<String, String> producer;
  private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong acked = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();

  private LoadProducer(KafkaBroker broker, String topic, int recordsPerTick) {
    Properties p = broker.clientProperties();
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "2");
    producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    ticker.scheduleAtFixedRate(
        () -> {
          for (int i = 0; i < recordsPerTick; i++) {
            long n = sent.getAndIncrement();
            producer.send(
                new ProducerRecord<>(topic, "key-" + n, "value-" + n),
                (metadata, error) -> (error == null ? acked : failed).incrementAndGet());
          }
        },
        0,
        10,
        TimeUnit.MILLISECONDS);
  }

  /** About {@code 100 × recordsPerTick} records per second. */
  public static LoadProducer start(KafkaBroker broker, String topic, int recordsPerTick) {
    return new LoadProducer(broker, topic, recordsPerTick);
  }

  /** Stops producing and waits until every record sent is acknowledged; answers how many. */
  public long stop() {
    ticker.shutdown();
    try {
      ticker.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.flush();
    if (failed.get() > 0) {
      throw new IllegalStateException(failed.get() + " records were not acknowledged");
    }
    return acked.get();
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    producer.close();
  }
}
