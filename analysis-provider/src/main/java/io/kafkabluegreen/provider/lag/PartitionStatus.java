package io.kafkabluegreen.provider.lag;

/**
 * Evaluation of one partition over the window.
 *
 * @param committed the latest committed offset, or null if none
 * @param lag the latest lag
 * @param committedChange how far the committed offset moved from the oldest sample to the newest
 * @param lagChange how the lag changed from the oldest sample to the newest (negative: shrinking)
 */
public record PartitionStatus(
    String topic,
    int partition,
    LagStatus status,
    Long committed,
    long lag,
    long committedChange,
    long lagChange) {}
