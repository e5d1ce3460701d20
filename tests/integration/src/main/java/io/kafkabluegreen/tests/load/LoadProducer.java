package io.kafkabluegreen.tests.load;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Produces keyed records at a steady target rate on its own thread, for a bounded time or count or
 * until stopped. Every value carries a sequence number and its produce timestamp ({@link
 * LoadValue}); {@link #acknowledged()} counts what the broker confirmed.
 *
 * <p>Pacing is by schedule, not by sleep-per-record: at any instant the producer has sent {@code
 * rate × elapsed} records, so a stall (GC, a slow broker) is caught up rather than lost.
 */
public final class LoadProducer implements AutoCloseable {

  private final LoadOptions options;
  private final KafkaProducer<String, String> producer;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong acknowledged = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicReference<Exception> firstError = new AtomicReference<>();
  private final CountDownLatch finished = new CountDownLatch(1);
  private final Thread thread;
  private volatile boolean stopping;

  private LoadProducer(Properties clientProperties, LoadOptions options) {
    this.options = options;
    Properties p = new Properties();
    p.putAll(clientProperties);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "load-producer");
    this.producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    this.thread = new Thread(this::run, "load-producer-" + options.topic());
    this.thread.setDaemon(true);
  }

  /**
   * Starts producing as soon as every partition of the topic has a leader; {@code clientProperties}
   * needs at least the bootstrap servers.
   */
  public static LoadProducer start(Properties clientProperties, LoadOptions options) {
    TopicReadiness.await(clientProperties, options.topic(), Duration.ofSeconds(60));
    LoadProducer load = new LoadProducer(clientProperties, options);
    load.thread.start();
    return load;
  }

  private void run() {
    long start = System.nanoTime();
    long deadline =
        options.maxDuration() == null ? Long.MAX_VALUE : start + options.maxDuration().toNanos();
    try {
      while (!stopping && sent.get() < options.maxRecords()) {
        long now = System.nanoTime();
        if (now >= deadline) {
          break;
        }
        long due = Math.min(options.maxRecords(), dueBy(now - start));
        while (sent.get() < due && !stopping) {
          send(sent.getAndIncrement());
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
      }
      producer.flush();
    } catch (RuntimeException e) {
      firstError.compareAndSet(null, e);
    } finally {
      finished.countDown();
    }
  }

  private long dueBy(long elapsedNanos) {
    return elapsedNanos * options.ratePerSecond() / TimeUnit.SECONDS.toNanos(1) + 1;
  }

  private void send(long seq) {
    String key = LoadValue.key(seq, options.keySpace());
    String value = new LoadValue(seq, System.currentTimeMillis()).toJson();
    producer.send(
        new ProducerRecord<>(options.topic(), key, value),
        (metadata, error) -> {
          if (error == null) {
            acknowledged.incrementAndGet();
          } else {
            failed.incrementAndGet();
            firstError.compareAndSet(null, error);
          }
        });
  }

  /** Records handed to the Kafka producer so far. */
  public long sent() {
    return sent.get();
  }

  /** Records the broker acknowledged (acks=all). */
  public long acknowledged() {
    return acknowledged.get();
  }

  /** Records whose send failed. */
  public long failed() {
    return failed.get();
  }

  /** The first send error, if any: a load run with errors is not a valid measurement. */
  public Exception firstError() {
    return firstError.get();
  }

  public boolean isRunning() {
    return finished.getCount() > 0;
  }

  /** Waits until the configured count or duration is reached and every send is acknowledged. */
  public boolean awaitCompletion(Duration timeout) throws InterruptedException {
    return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Stops sending, flushes what was sent and waits for the acknowledgements. */
  public void stop() {
    stopping = true;
    try {
      finished.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stop();
    producer.close(Duration.ofSeconds(10));
  }
}
