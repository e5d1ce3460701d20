package io.kafkabluegreen.tests.e2e.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The Connect REST calls a user (and the test's witness) makes against one worker. */
public final class ConnectRest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final URI base;

  private ConnectRest(URI base) {
    this.base = base;
  }

  /** The worker listening on {@code podIp}'s Connect port. */
  public static ConnectRest at(String podIp) {
    return new ConnectRest(
        URI.create("http://" + podIp + ":" + ConnectWorkerImage.REST_PORT + "/"));
  }

  /**
   * {@code POST /connectors}: the connector starts RUNNING.
   *
   * @throws IllegalStateException on any answer but 201 (e.g. 409 while the worker still joins)
   */
  public void create(String name, Map<String, String> config) {
    String body;
    try {
      body = JSON.writeValueAsString(Map.of("name", name, "config", config));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(base.resolve("connectors"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    if (response.statusCode() != 201) {
      throw new IllegalStateException(
          "POST /connectors answered " + response.statusCode() + ": " + response.body());
    }
  }

  /**
   * {@code PUT /connectors/{name}/resume}, as a user might behind an operator's back.
   *
   * @throws IllegalStateException on any answer but 202
   */
  public void resume(String name) {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(base.resolve("connectors/" + name + "/resume"))
                .PUT(HttpRequest.BodyPublishers.noBody()));
    if (response.statusCode() != 202) {
      throw new IllegalStateException(
          "PUT resume of " + name + " answered " + response.statusCode() + ": " + response.body());
    }
  }

  /** {@code GET /connectors/{name}/status}; empty when the worker does not know the connector. */
  public Optional<ConnectorStatus> status(String name) {
    HttpResponse<String> response =
        send(HttpRequest.newBuilder(base.resolve("connectors/" + name + "/status")).GET());
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "GET status of " + name + " answered " + response.statusCode() + ": " + response.body());
    }
    try {
      return Optional.of(ConnectorStatus.of(JSON.readTree(response.body())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return HTTP.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * @param state the connector's state (RUNNING, STOPPED, PAUSED, FAILED, UNASSIGNED)
   * @param runningTasks how many of its tasks are RUNNING
   * @param tasks how many tasks it has
   */
  public record ConnectorStatus(String state, int runningTasks, int tasks) {

    static ConnectorStatus of(JsonNode status) {
      int running = 0;
      for (JsonNode task : status.path("tasks")) {
        if ("RUNNING".equals(task.path("state").asText())) {
          running++;
        }
      }
      return new ConnectorStatus(
          status.path("connector").path("state").asText(), running, status.path("tasks").size());
    }

    public boolean runningWithTasks() {
      return "RUNNING".equals(state) && tasks > 0 && runningTasks == tasks;
    }

    public boolean stoppedWithoutTasks() {
      return "STOPPED".equals(state) && tasks == 0;
    }
  }
}
