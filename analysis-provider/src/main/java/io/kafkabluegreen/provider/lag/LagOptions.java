package io.kafkabluegreen.provider.lag;

import io.kafkabluegreen.common.config.ConfigReader;
import java.time.Duration;
import org.apache.kafka.common.IsolationLevel;

/**
 * Settings of the lag feature, read from {@code PROVIDER_LAG_*}.
 *
 * @param isolation default isolation of {@code /v1/lag} and of tracked samples ({@code
 *     PROVIDER_LAG_ISOLATION}: read_uncommitted or read_committed)
 * @param uncommitted default policy for never-committed partitions ({@code
 *     PROVIDER_LAG_UNCOMMITTED}: earliest or latest)
 * @param window how far back the status evaluation looks ({@code PROVIDER_LAG_WINDOW_MS})
 * @param sampleInterval how often a tracked group is sampled ({@code
 *     PROVIDER_LAG_SAMPLE_INTERVAL_MS})
 * @param maxSamples samples kept per group, whatever the window ({@code PROVIDER_LAG_MAX_SAMPLES})
 * @param maxGroups groups tracked at once; the least recently asked about is dropped first ({@code
 *     PROVIDER_LAG_MAX_GROUPS})
 * @param groupExpiry a group nobody asked about for this long is no longer tracked ({@code
 *     PROVIDER_LAG_GROUP_EXPIRY_MS})
 * @param okThreshold lag (records) at or below which a partition is OK whatever its trend ({@code
 *     PROVIDER_LAG_OK_THRESHOLD})
 */
public record LagOptions(
    IsolationLevel isolation,
    UncommittedPolicy uncommitted,
    Duration window,
    Duration sampleInterval,
    int maxSamples,
    int maxGroups,
    Duration groupExpiry,
    long okThreshold) {

  public static LagOptions defaults() {
    return read(new ConfigReader(java.util.Map.of()));
  }

  /** Reads every {@code PROVIDER_LAG_*} key; problems are collected by the reader. */
  public static LagOptions read(ConfigReader r) {
    IsolationLevel isolation =
        r.oneOf("PROVIDER_LAG_ISOLATION", IsolationLevel.class, IsolationLevel.READ_UNCOMMITTED);
    UncommittedPolicy uncommitted =
        r.oneOf("PROVIDER_LAG_UNCOMMITTED", UncommittedPolicy.class, UncommittedPolicy.EARLIEST);
    Duration window =
        r.millis(
            "PROVIDER_LAG_WINDOW_MS",
            Duration.ofMinutes(5),
            Duration.ofSeconds(1),
            Duration.ofDays(1));
    Duration interval =
        r.millis(
            "PROVIDER_LAG_SAMPLE_INTERVAL_MS",
            Duration.ofSeconds(15),
            Duration.ofMillis(100),
            Duration.ofHours(1));
    int maxSamples = r.integer("PROVIDER_LAG_MAX_SAMPLES", 40, 2, 1000);
    int maxGroups = r.integer("PROVIDER_LAG_MAX_GROUPS", 100, 1, 10_000);
    Duration expiry =
        r.millis(
            "PROVIDER_LAG_GROUP_EXPIRY_MS",
            Duration.ofHours(1),
            Duration.ofSeconds(1),
            Duration.ofDays(7));
    long okThreshold = r.number("PROVIDER_LAG_OK_THRESHOLD", 0, 0, Long.MAX_VALUE);
    if (window.compareTo(interval.multipliedBy(2)) < 0) {
      r.problem(
          "PROVIDER_LAG_WINDOW_MS must be at least twice PROVIDER_LAG_SAMPLE_INTERVAL_MS, so that a"
              + " window holds two samples");
    } else if (window.toMillis() / interval.toMillis() + 1 > maxSamples) {
      r.problem(
          "PROVIDER_LAG_MAX_SAMPLES ("
              + maxSamples
              + ") cannot hold a whole PROVIDER_LAG_WINDOW_MS at one sample per"
              + " PROVIDER_LAG_SAMPLE_INTERVAL_MS; "
              + (window.toMillis() / interval.toMillis() + 1)
              + " are needed");
    }
    return new LagOptions(
        isolation, uncommitted, window, interval, maxSamples, maxGroups, expiry, okThreshold);
  }
}
