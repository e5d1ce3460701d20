package io.kafkabluegreen.app;

import io.kafkabluegreen.app.failure.FailureMode;
import io.kafkabluegreen.common.config.ConfigReader;
import io.kafkabluegreen.lifecycle.LifecycleOptions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * consumer-app's whole configuration (consumer-app/README.md), read once at start from the
 * environment: {@code APP_*}, {@code KAFKA_*} (Kafka client properties for the consumer and the
 * audit producer), {@code LIFECYCLE_*} and the downward-API {@code POD_*}. Tests pass a map.
 *
 * @param topics source topics ({@code APP_TOPICS})
 * @param group consumer group, the base name in per-revision mode ({@code APP_GROUP})
 * @param auditTopic where the audit records go ({@code APP_AUDIT_TOPIC})
 * @param port HTTP port ({@code APP_PORT}); 0 picks a free one
 * @param bindAddress HTTP bind address ({@code APP_BIND_ADDRESS})
 * @param failureMode injected failure ({@code APP_FAILURE_MODE})
 * @param failureRate share of failing records in mode rate ({@code APP_FAILURE_RATE})
 * @param latency added processing time per record in mode latency ({@code APP_LATENCY_MS})
 * @param crashAfter records after which the process exits in mode crash ({@code APP_CRASH_AFTER})
 * @param transactional consume–transform–produce in transactions ({@code APP_TRANSACTIONAL})
 * @param kafka Kafka client properties from {@code KAFKA_*}
 * @param lifecycle the lifecycle library's options
 * @param description the effective configuration, secrets masked, for the start-up log
 */
public record AppConfig(
    List<String> topics,
    String group,
    String auditTopic,
    int port,
    String bindAddress,
    FailureMode failureMode,
    double failureRate,
    Duration latency,
    long crashAfter,
    boolean transactional,
    Map<String, String> kafka,
    LifecycleOptions lifecycle,
    String description) {

  public static AppConfig fromEnv(Map<String, String> env) {
    ConfigReader r = new ConfigReader(env);
    List<String> topics =
        Arrays.stream(r.required("APP_TOPICS").split(","))
            .map(String::trim)
            .filter(t -> !t.isEmpty())
            .toList();
    String group = r.required("APP_GROUP");
    String audit = r.string("APP_AUDIT_TOPIC", "audit");
    int port = r.integer("APP_PORT", 8080, 0, 65535);
    String bind = r.string("APP_BIND_ADDRESS", "0.0.0.0");
    FailureMode mode = r.oneOf("APP_FAILURE_MODE", FailureMode.class, FailureMode.NONE);
    double rate = rate(r);
    Duration latency =
        r.millis("APP_LATENCY_MS", Duration.ZERO, Duration.ZERO, Duration.ofMinutes(10));
    long crashAfter = r.number("APP_CRASH_AFTER", 0, 0, Long.MAX_VALUE);
    boolean transactional = r.bool("APP_TRANSACTIONAL", false);
    Map<String, String> kafka = r.clientProperties("KAFKA_");
    if (!kafka.containsKey("bootstrap.servers")) {
      r.problem("KAFKA_BOOTSTRAP_SERVERS is required");
    }
    LifecycleOptions lifecycle = LifecycleOptions.read(r);
    if (transactional) {
      // a transaction must be committed before the next poll so that a rebalance never finds
      // records of a lost partition inside an open transaction
      lifecycle = lifecycle.withCommitInterval(Duration.ZERO);
    }
    if (topics.contains(audit)) {
      r.problem("APP_AUDIT_TOPIC must not be one of APP_TOPICS");
    }
    r.validate();
    return new AppConfig(
        topics,
        group,
        audit,
        port,
        bind,
        mode,
        rate,
        latency,
        crashAfter,
        transactional,
        kafka,
        lifecycle,
        r.describe());
  }

  private static double rate(ConfigReader r) {
    String raw = r.string("APP_FAILURE_RATE", "0");
    try {
      double rate = Double.parseDouble(raw);
      if (rate >= 0 && rate <= 1) {
        return rate;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    r.problem("APP_FAILURE_RATE must be a number from 0 to 1, got '" + raw + "'");
    return 0;
  }
}
