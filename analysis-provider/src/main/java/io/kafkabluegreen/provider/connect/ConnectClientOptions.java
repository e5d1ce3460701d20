package io.kafkabluegreen.provider.connect;

import io.kafkabluegreen.common.config.ConfigReader;
import java.time.Duration;

/**
 * How the provider calls a Kafka Connect cluster's REST API.
 *
 * @param connectTimeout TCP connect bound ({@code PROVIDER_CONNECT_CONNECT_TIMEOUT_MS}): a worker
 *     that does not accept within it is unavailable
 * @param requestTimeout bound of one client call as the caller sees it, including the retries of a
 *     rebalance answer ({@code PROVIDER_CONNECT_TIMEOUT_MS}; see {@link ConnectClient})
 */
public record ConnectClientOptions(Duration connectTimeout, Duration requestTimeout) {

  public ConnectClientOptions {
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException("connectTimeout must be positive: " + connectTimeout);
    }
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("requestTimeout must be positive: " + requestTimeout);
    }
  }

  public static ConnectClientOptions read(ConfigReader r) {
    return new ConnectClientOptions(
        r.millis(
            "PROVIDER_CONNECT_CONNECT_TIMEOUT_MS",
            Duration.ofMillis(1000),
            Duration.ofMillis(50),
            Duration.ofSeconds(30)),
        r.millis(
            "PROVIDER_CONNECT_TIMEOUT_MS",
            Duration.ofMillis(5000),
            Duration.ofMillis(100),
            Duration.ofSeconds(60)));
  }

  public static ConnectClientOptions defaults() {
    return new ConnectClientOptions(Duration.ofMillis(1000), Duration.ofMillis(5000));
  }
}
