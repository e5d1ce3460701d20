package io.kafkabluegreen.provider.selfcheck;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** GETs of the provider's endpoints, each bounded by the same timeout as a whole. */
final class SelfCheckClient {

  /** A status, the media type without parameters (empty if none), and the body. */
  record Answer(int status, String mediaType, String body) {}

  private final HttpClient http;
  private final URI base;
  private final Duration timeout;

  SelfCheckClient(URI base, Duration timeout) {
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    this.base = base;
    this.timeout = timeout;
  }

  /**
   * @param pathAndQuery e.g. {@code /readyz}, already percent-encoded
   * @throws java.net.http.HttpTimeoutException when no answer came within the timeout
   * @throws IOException when the connection failed
   */
  Answer get(String pathAndQuery) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + pathAndQuery))
            .timeout(timeout)
            .header("Accept", "application/json, application/problem+json")
            .GET()
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    String mediaType =
        response.headers().firstValue("Content-Type").orElse("").split(";")[0].strip();
    return new Answer(response.statusCode(), mediaType, response.body());
  }
}
