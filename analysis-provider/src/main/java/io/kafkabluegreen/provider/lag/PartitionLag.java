package io.kafkabluegreen.provider.lag;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Lag of one partition.
 *
 * @param committed the group's committed offset, or null if it never committed on this partition
 * @param end high watermark or last stable offset, by the query's isolation
 * @param logStart the first offset still in the log (retention moves it forward)
 * @param lag records still to consume: {@code end − max(committed, logStart)}, never negative
 * @param timeLagSeconds age of the next unconsumed record; only present when asked for and known
 */
public record PartitionLag(
    String topic,
    int partition,
    Long committed,
    long end,
    long logStart,
    long lag,
    @JsonInclude(JsonInclude.Include.NON_NULL) Double timeLagSeconds) {

  /** The offset the group would read next, or -1 if it would start at the end. */
  long nextOffset(UncommittedPolicy uncommitted) {
    if (committed != null) {
      return Math.max(committed, logStart);
    }
    return uncommitted == UncommittedPolicy.EARLIEST ? logStart : -1;
  }

  PartitionLag withTimeLag(Double seconds) {
    return new PartitionLag(topic, partition, committed, end, logStart, lag, seconds);
  }
}
