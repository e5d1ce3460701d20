package io.kafkabluegreen.provider.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
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

/**
 * A real provider (the whole {@link ProviderApp}, HTTP included) on an ephemeral port, configured
 * from a map as {@code Main} would be from the environment, and an HTTP client to call it.
 */
public final class ProviderFixture implements AutoCloseable {

  public static final String TOKEN = "provider-token";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ProviderApp app;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private ProviderFixture(ProviderApp app) {
    this.app = app;
  }

  /** Settings every test provider shares; tests add or override keys. */
  public static Map<String, String> baseEnv(String bootstrapServers) {
    Map<String, String> env = new HashMap<>();
    env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
    env.put("PROVIDER_PORT", "0");
    env.put("PROVIDER_BIND_ADDRESS", "127.0.0.1");
    env.put("PROVIDER_AUTH_TOKEN", TOKEN);
    env.put("PROVIDER_LIFECYCLE_TOKEN", FakeConsumerPod.TOKEN);
    env.put("PROVIDER_WATCH_ENABLED", "false");
    env.put("PROVIDER_HANDOVER_WAIT_MS", "60000");
    return env;
  }

  public static ProviderFixture start(Map<String, String> env, KubernetesClient kubernetes) {
    return new ProviderFixture(ProviderApp.start(ProviderConfig.fromEnv(env), kubernetes));
  }

  public ProviderApp app() {
    return app;
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + app.port();
  }

  /** A response: status, headers of interest and the parsed body. */
  public record Response(int status, String contentType, String retryAfter, JsonNode body) {}

  public Response post(String path) {
    return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()), TOKEN);
  }

  public Response post(String path, String token) {
    return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()), token);
  }

  public Response get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET(), null);
  }

  /** A GET answered with text (e.g. {@code /metrics}). */
  public String getText(String path) {
    try {
      return http.send(
              HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET().build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** {@code POST …/handover?to=hash}. */
  public Response handover(String namespace, String rollout, String hash) {
    return post("/v1/rollouts/" + namespace + "/" + rollout + "/handover?to=" + hash);
  }

  private URI uri(String path) {
    return URI.create(baseUrl() + path);
  }

  private Response send(HttpRequest.Builder request, String token) {
    request.timeout(Duration.ofSeconds(120));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode body = response.body().isEmpty() ? null : JSON.readTree(response.body());
      return new Response(
          response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(""),
          response.headers().firstValue("Retry-After").orElse(null),
          body);
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
}
