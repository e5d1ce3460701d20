package io.kafkabluegreen.provider.lag;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The lag of one topic of a group, in a {@code detail=totals} answer.
 *
 * @param partitions how many of the topic's partitions the total covers
 * @param totalLag sum of those partitions' lag
 * @param maxLag the largest of them
 * @param timeLagSeconds the oldest unconsumed record's age in the topic; only in answers to {@code
 *     timeLag=true}, where it is always present: null when a lagging partition could not be read in
 *     time
 */
public record TopicLag(
    String topic,
    int partitions,
    long totalLag,
    long maxLag,
    @JsonInclude(JsonInclude.Include.NON_NULL) Double timeLagSeconds) {}
