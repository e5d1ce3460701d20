package io.kafkabluegreen.provider.lag;

import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the timestamp of the next unconsumed record of each lagging partition, which is what the
 * time lag is made of. It fetches with group-less consumers and stops at the first record of each
 * partition.
 *
 * <p>A consumer serves one request at a time, so the reader keeps a small pool per isolation level:
 * up to {@link #READERS} requests read in parallel, each on its own consumer (created when first
 * needed, then kept for the provider's lifetime); a further request waits for a free one, but never
 * past its deadline. Whatever was not read by then is reported as unknown with a reason, never left
 * out, and never holds up the answer beyond the deadline.
 */
final class TimeLagReader implements AutoCloseable {

  /** Consumers per isolation level: parallel time-lag reads at most. */
  static final int READERS = 4;

  static final String NOT_READ = "the next record was not read within the request's deadline";
  static final String NO_READER =
      "no time-lag reader was free within the request's deadline (" + READERS + " in use)";

  /**
   * Timestamps found, and why the missing ones are missing.
   *
   * @param timestamps epoch ms of the record at or after each position, where one was read
   * @param missingReason why a partition asked for is not in {@code timestamps}
   */
  record Result(Map<TopicPartition, Long> timestamps, String missingReason) {}

  private final Map<String, String> kafka;
  private final Duration timeout;
  private final Map<IsolationLevel, Pool> pools = new EnumMap<>(IsolationLevel.class);
  private final AtomicInteger created = new AtomicInteger();
  private volatile boolean closed;

  private final class Pool {
    private final IsolationLevel isolation;
    private final Semaphore permits = new Semaphore(READERS, true);
    private final ConcurrentLinkedDeque<KafkaConsumer<byte[], byte[]>> idle =
        new ConcurrentLinkedDeque<>();

    Pool(IsolationLevel isolation) {
      this.isolation = isolation;
    }
  }

  TimeLagReader(Map<String, String> kafka, Duration timeout) {
    this.kafka = Map.copyOf(kafka);
    this.timeout = timeout;
    for (IsolationLevel level : IsolationLevel.values()) {
      pools.put(level, new Pool(level));
    }
  }

  /**
   * @param positions the offset the group would read next, per partition
   */
  Result nextRecordTimestamps(
      Map<TopicPartition, Long> positions, IsolationLevel isolation, Deadline deadline) {
    if (positions.isEmpty()) {
      return new Result(Map.of(), NOT_READ);
    }
    Pool pool = pools.get(isolation);
    try {
      if (!pool.permits.tryAcquire(deadline.remainingMillis(), TimeUnit.MILLISECONDS)) {
        return new Result(Map.of(), NO_READER);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(Map.of(), NO_READER);
    }
    KafkaConsumer<byte[], byte[]> consumer = pool.idle.pollFirst();
    boolean healthy = true;
    try {
      if (consumer == null) {
        consumer = create(pool.isolation);
      }
      return new Result(read(consumer, positions, deadline), NOT_READ);
    } catch (KafkaException e) {
      healthy = false; // a consumer in an unknown state is not handed to the next request
      return new Result(Map.of(), NOT_READ + " (" + e.getMessage() + ")");
    } finally {
      release(pool, consumer, healthy);
    }
  }

  private static Map<TopicPartition, Long> read(
      KafkaConsumer<byte[], byte[]> consumer,
      Map<TopicPartition, Long> positions,
      Deadline deadline) {
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

  private void release(Pool pool, KafkaConsumer<byte[], byte[]> consumer, boolean healthy) {
    try {
      if (consumer != null) {
        if (healthy && !closed) {
          pool.idle.addFirst(consumer);
        } else {
          consumer.close(Duration.ofSeconds(1));
        }
      }
    } finally {
      pool.permits.release();
    }
  }

  private KafkaConsumer<byte[], byte[]> create(IsolationLevel isolation) {
    Properties p = new Properties();
    p.putAll(kafka);
    // one client id per consumer: Kafka registers each client's metrics under its id
    p.put(
        ConsumerConfig.CLIENT_ID_CONFIG,
        "kafka-bluegreen-provider-timelag-" + created.incrementAndGet());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation.name().toLowerCase(Locale.ROOT));
    // a position removed by retention meanwhile: the next record is then the first one left
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
    p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
    p.remove(ConsumerConfig.GROUP_ID_CONFIG);
    return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /** Closes the idle consumers; one in use is closed when its request gives it back. */
  @Override
  public void close() {
    closed = true;
    for (Pool pool : pools.values()) {
      KafkaConsumer<byte[], byte[]> c;
      while ((c = pool.idle.pollFirst()) != null) {
        c.close(Duration.ofSeconds(1));
      }
    }
  }
}
