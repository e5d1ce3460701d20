package io.kafkabluegreen.provider.lag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkabluegreen.provider.ProviderApp;
import io.kafkabluegreen.provider.config.ProviderConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** The real provider started in-process on a free port, and an HTTP client to call it. */
final class RunningProvider implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ProviderApp app;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private RunningProvider(ProviderApp app) {
    this.app = app;
  }

  /** Starts a provider against the given Kafka, with extra {@code KEY, value} settings. */
  static RunningProvider start(String bootstrapServers, String... settings) {
    Map<String, String> env = new HashMap<>();
    env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
    env.put("PROVIDER_PORT", "0");
    env.put("PROVIDER_BIND_ADDRESS", "127.0.0.1");
    for (int i = 0; i < settings.length; i += 2) {
      env.put(settings[i], settings[i + 1]);
    }
    return new RunningProvider(ProviderApp.start(ProviderConfig.fromEnv(env)));
  }

  String baseUrl() {
    return "http://127.0.0.1:" + app.port();
  }

  /** GETs a path with its query string; the body is parsed when it is JSON. */
  Response get(String pathAndQuery) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(baseUrl() + pathAndQuery))
            .timeout(Duration.ofSeconds(30))
            .GET()
            .build();
    long start = System.nanoTime();
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      String type = response.headers().firstValue("Content-Type").orElse("");
      JsonNode json = type.contains("json") ? JSON.readTree(response.body()) : null;
      return new Response(
          response.statusCode(), type, response.headers().map(), json, response.body(), took);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    app.close();
  }

  record Response(
      int status,
      String contentType,
      Map<String, java.util.List<String>> headers,
      JsonNode json,
      String body,
      Duration took) {

    String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }
  }
}
