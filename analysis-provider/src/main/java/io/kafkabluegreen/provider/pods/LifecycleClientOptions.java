package io.kafkabluegreen.provider.pods;

import io.kafkabluegreen.common.config.ConfigReader;
import java.time.Duration;
import java.util.Optional;

/**
 * How the provider calls the pods' {@code /lifecycle} endpoints.
 *
 * @param token bearer token sent to the pods' pause/resume ({@code PROVIDER_LIFECYCLE_TOKEN}); the
 *     same Secret as the consumers' {@code LIFECYCLE_AUTH_TOKEN}
 * @param connectTimeout TCP connect bound ({@code PROVIDER_LIFECYCLE_CONNECT_TIMEOUT_MS}): a pod
 *     that does not accept within it counts as unreachable
 * @param requestTimeout bound of a status or resume call ({@code PROVIDER_LIFECYCLE_TIMEOUT_MS}); a
 *     pause is bounded by the handover's drain timeout instead
 */
public record LifecycleClientOptions(
    Optional<String> token, Duration connectTimeout, Duration requestTimeout) {

  public static LifecycleClientOptions read(ConfigReader r) {
    return new LifecycleClientOptions(
        r.secret("PROVIDER_LIFECYCLE_TOKEN"),
        r.millis(
            "PROVIDER_LIFECYCLE_CONNECT_TIMEOUT_MS",
            Duration.ofMillis(1000),
            Duration.ofMillis(50),
            Duration.ofSeconds(30)),
        r.millis(
            "PROVIDER_LIFECYCLE_TIMEOUT_MS",
            Duration.ofMillis(5000),
            Duration.ofMillis(100),
            Duration.ofSeconds(60)));
  }

  public static LifecycleClientOptions defaults() {
    return new LifecycleClientOptions(
        Optional.empty(), Duration.ofMillis(1000), Duration.ofMillis(5000));
  }
}
