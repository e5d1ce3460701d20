package io.kafkabluegreen.provider.connect;

import java.time.Duration;

/**
 * How the provider calls a Kafka Connect cluster's REST API.
 *
 * @param connectTimeout TCP connect bound: a worker that does not accept within it is unavailable
 * @param requestTimeout bound of one client call as the caller sees it, including the retries of a
 *     rebalance answer (see {@link ConnectClient})
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

  public static ConnectClientOptions defaults() {
    return new ConnectClientOptions(Duration.ofMillis(1000), Duration.ofMillis(5000));
  }
}
