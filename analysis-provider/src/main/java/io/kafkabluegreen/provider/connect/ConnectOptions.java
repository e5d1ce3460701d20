package io.kafkabluegreen.provider.connect;

import io.kafkabluegreen.common.config.ConfigReader;
import java.time.Duration;

/**
 * Strategy E's settings.
 *
 * @param client how Connect workers' REST APIs are called ({@code PROVIDER_CONNECT_*_TIMEOUT_MS})
 * @param operatorTimeout how long Strimzi's operator gets to carry out a {@code KafkaConnector}'s
 *     offsets annotation ({@code PROVIDER_CONNECT_OPERATOR_TIMEOUT_MS}); keep it under the
 *     handover's verify timeout so that a silent operator fails the switch, which then rolls back
 */
public record ConnectOptions(ConnectClientOptions client, Duration operatorTimeout) {

  public static ConnectOptions read(ConfigReader r) {
    return new ConnectOptions(
        ConnectClientOptions.read(r),
        r.millis(
            "PROVIDER_CONNECT_OPERATOR_TIMEOUT_MS",
            Duration.ofSeconds(8),
            Duration.ofMillis(100),
            Duration.ofMinutes(5)));
  }
}
