package io.kafkabluegreen.provider.connect;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

/** Answers shaped like a Connect 4.1 worker's, for the WireMock tests of {@link ConnectClient}. */
final class ConnectWorkerAnswers {

  private ConnectWorkerAnswers() {}

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
