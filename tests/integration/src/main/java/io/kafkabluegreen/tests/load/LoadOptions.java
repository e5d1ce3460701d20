package io.kafkabluegreen.tests.load;

import java.time.Duration;

/**
 * What the {@link LoadProducer} sends.
 *
 * @param topic the source topic
 * @param ratePerSecond target records per second (the producer paces itself, it does not burst)
 * @param maxRecords stop after this many records have been sent ({@link Long#MAX_VALUE}: no bound)
 * @param maxDuration stop after this long ({@code null}: no bound)
 * @param keySpace number of distinct keys, {@code k-0 .. k-(keySpace-1)}: enough keys spread
 *     records evenly over every partition, which the audit's dual-active check relies on
 */
public record LoadOptions(
    String topic, int ratePerSecond, long maxRecords, Duration maxDuration, int keySpace) {

  public LoadOptions {
    if (ratePerSecond <= 0) {
      throw new IllegalArgumentException("ratePerSecond must be positive");
    }
    if (keySpace <= 0) {
      throw new IllegalArgumentException("keySpace must be positive");
    }
  }

  /** Unbounded load at {@code ratePerSecond} over 1,000 keys, until stopped. */
  public static LoadOptions of(String topic, int ratePerSecond) {
    return new LoadOptions(topic, ratePerSecond, Long.MAX_VALUE, null, 1000);
  }

  public LoadOptions maxRecords(long count) {
    return new LoadOptions(topic, ratePerSecond, count, maxDuration, keySpace);
  }

  public LoadOptions maxDuration(Duration duration) {
    return new LoadOptions(topic, ratePerSecond, maxRecords, duration, keySpace);
  }
}
