package io.kafkabluegreen.tests.validate;

import java.util.Map;

/**
 * Records processed in one second of the run, by revision hash.
 *
 * @param second epoch second
 * @param byHash records processed in that second, per hash
 */
public record TimelineBucket(long second, Map<String, Long> byHash) {

  public long total() {
    return byHash.values().stream().mapToLong(Long::longValue).sum();
  }
}
