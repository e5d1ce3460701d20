package io.kafkabluegreen.provider.config;

import io.kafkabluegreen.common.config.ConfigReader;
import io.kafkabluegreen.provider.connect.ConnectOptions;
import io.kafkabluegreen.provider.handover.HandoverOptions;
import io.kafkabluegreen.provider.lag.LagOptions;
import io.kafkabluegreen.provider.pods.LifecycleClientOptions;
import io.kafkabluegreen.provider.watch.WatcherOptions;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * analysis-provider's whole configuration, read once at start from environment variables ({@code
 * PROVIDER_*}, and {@code KAFKA_*} passed through as Kafka client properties). Tests pass a map.
 * Each feature package contributes its own options record; a bad value anywhere fails start-up with
 * every problem listed.
 *
 * @param port HTTP port ({@code PROVIDER_PORT})
 * @param bindAddress address to bind ({@code PROVIDER_BIND_ADDRESS})
 * @param authToken bearer token for mutating endpoints ({@code PROVIDER_AUTH_TOKEN}); empty = open
 * @param kafka Kafka client properties from {@code KAFKA_*} (e.g. {@code KAFKA_BOOTSTRAP_SERVERS})
 * @param kafkaTimeout upper bound of any single Kafka call ({@code PROVIDER_KAFKA_TIMEOUT_MS}),
 *     well under Argo's 10 s web-metric timeout
 * @param lag the lag feature's settings ({@code PROVIDER_LAG_*})
 * @param handover the handover's bounds ({@code PROVIDER_HANDOVER_*})
 * @param lifecycle how pods' lifecycle endpoints are called ({@code PROVIDER_LIFECYCLE_*})
 * @param connect how strategy E calls Kafka Connect workers ({@code PROVIDER_CONNECT_*})
 * @param watcher the Rollout watcher and leader election ({@code PROVIDER_WATCH_*}, {@code
 *     PROVIDER_LEADER_*})
 * @param warmup exercise the handover's paths once at start, without side effects ({@code
 *     PROVIDER_WARMUP_ENABLED}), so that the first handover after a start is not slower than the
 *     next ones
 * @param description the effective configuration with secrets masked, for the start-up log
 */
public record ProviderConfig(
    int port,
    String bindAddress,
    Optional<String> authToken,
    Map<String, String> kafka,
    Duration kafkaTimeout,
    LagOptions lag,
    HandoverOptions handover,
    LifecycleClientOptions lifecycle,
    ConnectOptions connect,
    WatcherOptions watcher,
    boolean warmup,
    String description) {

  public static ProviderConfig fromEnv(Map<String, String> env) {
    ConfigReader r = new ConfigReader(env);
    int port = r.integer("PROVIDER_PORT", 8080, 0, 65535);
    String bind = r.string("PROVIDER_BIND_ADDRESS", "0.0.0.0");
    Optional<String> token = r.secret("PROVIDER_AUTH_TOKEN");
    Map<String, String> kafka = r.clientProperties("KAFKA_");
    if (!kafka.containsKey("bootstrap.servers")) {
      r.problem("KAFKA_BOOTSTRAP_SERVERS is required");
    }
    Duration kafkaTimeout =
        r.millis(
            "PROVIDER_KAFKA_TIMEOUT_MS",
            Duration.ofSeconds(5),
            Duration.ofMillis(100),
            Duration.ofSeconds(60));
    LagOptions lag = LagOptions.read(r);
    HandoverOptions handover = HandoverOptions.read(r, env);
    LifecycleClientOptions lifecycle = LifecycleClientOptions.read(r);
    ConnectOptions connect = ConnectOptions.read(r);
    WatcherOptions watcher = WatcherOptions.read(r, env);
    boolean warmup = r.bool("PROVIDER_WARMUP_ENABLED", true);
    r.validate();
    return new ProviderConfig(
        port,
        bind,
        token,
        kafka,
        kafkaTimeout,
        lag,
        handover,
        lifecycle,
        connect,
        watcher,
        warmup,
        r.describe());
  }
}
