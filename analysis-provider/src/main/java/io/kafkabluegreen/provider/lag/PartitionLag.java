package io.kafkabluegreen.provider.lag;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Lag of one partition.
 *
 * @param committed the group's committed offset, or null if it never committed on this partition
 * @param end high watermark or last stable offset, by the query's isolation
 * @param logStart the first offset still in the log (retention moves it forward)
 * @param lag records still to consume: {@code end − max(committed, logStart)}, never negative
 * @param timeLagSeconds age of the next unconsumed record; only in answers to {@code timeLag=true},
 *     where it is always present: null when the record could not be read in time
 * @param timeLagReason why {@code timeLagSeconds} is null; only then
 */
public record PartitionLag(
    String topic,
    int partition,
    Long committed,
    long end,
    long logStart,
    long lag,
    @JsonInclude(JsonInclude.Include.NON_NULL) Double timeLagSeconds,
    @JsonInclude(JsonInclude.Include.NON_NULL) String timeLagReason) {

  /** A partition without a time-lag reason. */
  public PartitionLag(
      String topic,
      int partition,
      Long committed,
      long end,
      long logStart,
      long lag,
      Double timeLagSeconds) {
    this(topic, partition, committed, end, logStart, lag, timeLagSeconds, null);
  }

  /** The offset the group would read next, or -1 if it would start at the end. */
  long nextOffset(UncommittedPolicy uncommitted) {
    if (committed != null) {
      return Math.max(committed, logStart);
    }
    return uncommitted == UncommittedPolicy.EARLIEST ? logStart : -1;
  }

  PartitionLag withTimeLag(Double seconds, String reason) {
    return new PartitionLag(topic, partition, committed, end, logStart, lag, seconds, reason);
  }
}
