package io.kafkabluegreen.provider.pods;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Calls a pod's {@code /lifecycle/{status,pause,resume}} (lifecycle-webhook/README.md) with the
 * bearer token and short timeouts. Every call completes normally: failures become a {@link PodCall}
 * or {@link StatusCall} carrying the error, so that callers can fan out to many pods and judge the
 * results together.
 */
public final class LifecycleClient {

  /** Time the pod gets beyond its own drain deadline to answer its 504. */
  private static final Duration ANSWER_MARGIN = Duration.ofMillis(1000);

  private final LifecycleClientOptions options;
  private final HttpClient http;
  private final ObjectMapper json =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  public LifecycleClient(LifecycleClientOptions options) {
    this.options = options;
    // HTTP/1.1: the pods' Jetty would otherwise be offered an h2c upgrade on every request.
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(options.connectTimeout())
            .build();
  }

  /** {@code POST /lifecycle/pause?timeoutMs=N}: the pod drains and answers once STANDBY. */
  public CompletableFuture<PodCall> pause(RevisionPod pod, Duration drainTimeout) {
    String path = "/lifecycle/pause?timeoutMs=" + drainTimeout.toMillis();
    return command(pod, path, drainTimeout.plus(ANSWER_MARGIN));
  }

  /** {@code POST /lifecycle/resume}: the pod answers once subscribed (ACTIVE). */
  public CompletableFuture<PodCall> resume(RevisionPod pod) {
    return command(pod, "/lifecycle/resume", options.requestTimeout());
  }

  /** {@code GET /lifecycle/status}. */
  public CompletableFuture<StatusCall> status(RevisionPod pod) {
    HttpRequest request =
        HttpRequest.newBuilder(pod.uri("/lifecycle/status"))
            .timeout(options.requestTimeout())
            .header("Accept", "application/json")
            .GET()
            .build();
    long start = System.nanoTime();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .handle(
            (response, failure) -> {
              long millis = (System.nanoTime() - start) / 1_000_000;
              if (failure != null) {
                return new StatusCall(pod, 0, Optional.empty(), Optional.of(describe(failure)));
              }
              if (response.statusCode() != 200) {
                return new StatusCall(
                    pod,
                    response.statusCode(),
                    Optional.empty(),
                    Optional.of("HTTP " + response.statusCode() + " after " + millis + " ms"));
              }
              try {
                LifecycleStatus status = json.readValue(response.body(), LifecycleStatus.class);
                return new StatusCall(pod, 200, Optional.of(status), Optional.empty());
              } catch (IOException e) {
                return new StatusCall(
                    pod, 200, Optional.empty(), Optional.of("unreadable status body"));
              }
            });
  }

  private CompletableFuture<PodCall> command(RevisionPod pod, String path, Duration timeout) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(pod.uri(path))
            .timeout(timeout)
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.noBody());
    options.token().ifPresent(token -> request.header("Authorization", "Bearer " + token));
    long start = System.nanoTime();
    return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
        .handle(
            (response, failure) -> {
              long millis = (System.nanoTime() - start) / 1_000_000;
              if (failure != null) {
                return new PodCall(
                    pod,
                    0,
                    Optional.empty(),
                    Optional.of(describe(failure)),
                    millis,
                    OptionalInt.empty());
              }
              Optional<String> state = stateOf(response.body());
              if (response.statusCode() / 100 != 2) {
                String error = "HTTP " + response.statusCode() + detailOf(response.body());
                return new PodCall(
                    pod,
                    response.statusCode(),
                    state,
                    Optional.of(error),
                    millis,
                    OptionalInt.empty());
              }
              return new PodCall(
                  pod,
                  response.statusCode(),
                  state,
                  Optional.empty(),
                  millis,
                  partitionsOf(response.body()));
            });
  }

  private OptionalInt partitionsOf(String body) {
    try {
      JsonNode node = json.readTree(body);
      return node != null && node.path("assignedPartitions").isArray()
          ? OptionalInt.of(node.get("assignedPartitions").size())
          : OptionalInt.empty();
    } catch (IOException e) {
      return OptionalInt.empty();
    }
  }

  private Optional<String> stateOf(String body) {
    return field(body, "state");
  }

  private String detailOf(String body) {
    return field(body, "detail").map(d -> ": " + d).orElse("");
  }

  private Optional<String> field(String body, String name) {
    try {
      JsonNode node = json.readTree(body);
      return node != null && node.hasNonNull(name)
          ? Optional.of(node.get(name).asText())
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static String describe(Throwable failure) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    if (cause instanceof HttpConnectTimeoutException) {
      return "unreachable: connect timed out";
    }
    if (cause instanceof HttpTimeoutException) {
      return "no answer in time";
    }
    if (cause instanceof ConnectException) {
      return "unreachable: connection refused";
    }
    return "unreachable: " + cause.getClass().getSimpleName();
  }
}
