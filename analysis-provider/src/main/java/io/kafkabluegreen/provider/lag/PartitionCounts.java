package io.kafkabluegreen.provider.lag;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Partition counts of the topics lag reads touch, each kept for {@link #MAX_AGE} after Kafka
 * described it. Describing a group's topics is a metadata request as large as the group (about a
 * fifth of a 10,000-partition read, on the broker and in the client), and counts change only when
 * partitions are added or a topic is deleted and created again, so a read reuses a recent count
 * instead of asking again. The staleness is bounded three ways: the age limit (shorter than the
 * five minutes consumers and producers themselves take to notice new partitions, {@code
 * metadata.max.age.ms}); a read that sees a committed or assigned partition beyond the count
 * describes the topic again at once; and a partition that Kafka says does not exist drops the
 * count. What the limit allows: a partition added less than {@code MAX_AGE} ago, on which the group
 * has neither committed nor been assigned, can be missing from an answer.
 */
final class PartitionCounts {

  static final Duration MAX_AGE = Duration.ofSeconds(30);

  private static final int MAX_TOPICS = 10_000;

  private record Count(int partitions, long readAtNanos) {}

  private final LongSupplier nanos;
  private final long maxAgeNanos;
  private final Map<String, Count> counts =
      Collections.synchronizedMap(
          new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Count> eldest) {
              return size() > MAX_TOPICS;
            }
          });

  PartitionCounts(LongSupplier nanos, Duration maxAge) {
    this.nanos = nanos;
    this.maxAgeNanos = maxAge.toNanos();
  }

  /** The topic's partition count if Kafka described it less than the age limit ago, else -1. */
  int fresh(String topic) {
    Count c = counts.get(topic);
    if (c == null || nanos.getAsLong() - c.readAtNanos >= maxAgeNanos) {
      return -1;
    }
    return c.partitions;
  }

  /** Records a count Kafka just described. */
  void described(String topic, int partitions) {
    counts.put(topic, new Count(partitions, nanos.getAsLong()));
  }

  /** Drops a count Kafka contradicted (the topic or one of its partitions does not exist). */
  void forget(String topic) {
    counts.remove(topic);
  }
}
