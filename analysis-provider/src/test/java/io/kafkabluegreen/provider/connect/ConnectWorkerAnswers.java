package io.kafkabluegreen.provider.connect;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.net.URI;
import java.time.Duration;

/** Answers shaped like a Connect 4.1 worker's, for the WireMock tests of {@link ConnectClient}. */
final class ConnectWorkerAnswers {

  private ConnectWorkerAnswers() {}

  /** A WireMock worker on 127.0.0.1, on a port of its own, started before each test. */
  static WireMockExtension worker() {
    return WireMockExtension.newInstance()
        .options(options().dynamicPort().bindAddress("127.0.0.1"))
        .build();
  }

  /** A client of {@code worker}: 500 ms to connect, {@code requestTimeout} per request. */
  static ConnectClient clientOf(WireMockExtension worker, Duration requestTimeout) {
    return new ConnectClient(
        URI.create(worker.baseUrl()),
        new ConnectClientOptions(Duration.ofMillis(500), requestTimeout));
  }

  static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }

  /** Connect's error body (its ConnectExceptionMapper): {@code {"error_code","message"}}. */
  static ResponseDefinitionBuilder error(int status, String message) {
    return json(status, "{\"error_code\":" + status + ",\"message\":\"" + message + "\"}");
  }

  static ResponseDefinitionBuilder rebalancing() {
    return error(
        409,
        "Cannot complete request momentarily due to stale configuration"
            + " (typically caused by a concurrent config change)");
  }
}
