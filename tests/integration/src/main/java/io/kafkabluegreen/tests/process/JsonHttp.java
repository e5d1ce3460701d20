package io.kafkabluegreen.tests.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Small JSON-over-HTTP calls with a bearer token, shared by the pod and provider clients and the
 * end-to-end tier's diagnostics.
 */
public final class JsonHttp {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
  private final String token;

  public JsonHttp(String token) {
    this.token = token;
  }

  public HttpResult get(String url, Duration timeout) throws IOException {
    return send(HttpRequest.newBuilder(URI.create(url)).GET(), timeout);
  }

  HttpResult post(String url, Duration timeout) throws IOException {
    return send(
        HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.noBody()), timeout);
  }

  private HttpResult send(HttpRequest.Builder request, Duration timeout) throws IOException {
    request.timeout(timeout).header("Accept", "application/json");
    if (token != null && !token.isEmpty()) {
      request.header("Authorization", "Bearer " + token);
    }
    long start = System.nanoTime();
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      long elapsed = (System.nanoTime() - start) / 1_000_000;
      return new HttpResult(
          response.statusCode(), parse(response.body()), response.body(), elapsed);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      return MissingNode.getInstance();
    }
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      return MissingNode.getInstance();
    }
  }
}
