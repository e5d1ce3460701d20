package io.kafkabluegreen.tests.validate;

import java.util.Set;

/**
 * The hashes found in the consumer group(s) changed at {@code atMillis} (epoch millis of the sample
 * that first saw the new set).
 */
public record MembershipChange(long atMillis, Set<String> hashes) {}
