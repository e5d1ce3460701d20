package io.kafkabluegreen.provider.lag;

/**
 * A committed offset on a partition whose topic no longer exists (deleted, or being deleted).
 * Nothing is left to consume there, so it carries no lag; it is reported so that the leftover is
 * visible rather than silently dropped.
 */
public record OrphanedOffset(String topic, int partition, long committed) {}
