package io.kafkabluegreen.provider.lag;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import org.apache.kafka.common.TopicPartition;

/**
 * A compact point-in-time view of one group, as kept in its window: two {@code long}s per partition
 * and a partition list shared with the previous sample when it did not change, so that memory stays
 * proportional to partitions × samples with a small constant.
 */
final class LagSample {

  static final long NO_COMMIT = -1;

  final Instant at;
  final String state;
  final int members;
  private final List<TopicPartition> partitions;
  private final long[] committed;
  private final long[] lag;

  LagSample(
      Instant at,
      String state,
      int members,
      List<TopicPartition> partitions,
      long[] committed,
      long[] lag) {
    this.at = at;
    this.state = state;
    this.members = members;
    this.partitions = partitions;
    this.committed = committed;
    this.lag = lag;
  }

  /** A sample of a report; reuses {@code previous}'s partition list when it is the same. */
  static LagSample of(LagReport report, LagSample previous) {
    List<PartitionLag> rows = report.partitions();
    List<TopicPartition> tps =
        rows.stream().map(r -> new TopicPartition(r.topic(), r.partition())).toList();
    if (previous != null && previous.partitions.equals(tps)) {
      tps = previous.partitions;
    }
    long[] committed = new long[rows.size()];
    long[] lag = new long[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      PartitionLag row = rows.get(i);
      committed[i] = row.committed() == null ? NO_COMMIT : row.committed();
      lag[i] = row.lag();
    }
    return new LagSample(report.readAt(), report.state(), report.members(), tps, committed, lag);
  }

  List<TopicPartition> partitions() {
    return partitions;
  }

  /** Position of a partition in this sample, or a negative number if it is not in it. */
  int indexOf(TopicPartition tp) {
    return Collections.binarySearch(partitions, tp, LagCalculator.ORDER);
  }

  long committed(int index) {
    return committed[index];
  }

  long lag(int index) {
    return lag[index];
  }

  long totalLag() {
    long total = 0;
    for (long l : lag) {
      total += l;
    }
    return total;
  }

  long maxLag() {
    long max = 0;
    for (long l : lag) {
      max = Math.max(max, l);
    }
    return max;
  }
}
