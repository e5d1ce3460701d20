package io.kafkabluegreen.tests.kafka;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * How to start a test broker.
 *
 * @param overrides broker properties that replace the defaults (e.g. {@code
 *     group.initial.rebalance.delay.ms})
 * @param heap the child JVM's maximum heap, e.g. {@code 512m}
 * @param logDir where the broker's log file goes (the module's {@code target/} by default)
 * @param logLevel slf4j-simple level of the broker's own logging
 */
public record BrokerOptions(
    Map<String, String> overrides, String heap, Path logDir, String logLevel) {

  public BrokerOptions {
    overrides = Map.copyOf(overrides);
  }

  public static BrokerOptions defaults() {
    return new BrokerOptions(Map.of(), "768m", defaultLogDir(), "info");
  }

  public BrokerOptions with(String key, String value) {
    Map<String, String> copy = new HashMap<>(overrides);
    copy.put(key, value);
    return new BrokerOptions(copy, heap, logDir, logLevel);
  }

  public BrokerOptions heap(String newHeap) {
    return new BrokerOptions(overrides, newHeap, logDir, logLevel);
  }

  private static Path defaultLogDir() {
    Path target = Path.of("target");
    Path dir =
        target.toFile().isDirectory()
            ? target.resolve("kafka-logs")
            : Path.of(System.getProperty("java.io.tmpdir"));
    dir.toFile().mkdirs();
    return dir;
  }
}
