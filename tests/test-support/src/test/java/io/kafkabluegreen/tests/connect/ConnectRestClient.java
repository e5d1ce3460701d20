package io.kafkabluegreen.tests.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.common.TopicPartition;

/** The few Connect REST calls ConnectClusterIT makes, each failing on an unexpected status. */
final class ConnectRestClient {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final URI base;
  private final HttpClient http = HttpClient.newHttpClient();

  ConnectRestClient(URI base) {
    this.base = base;
  }

  /** {@code POST /connectors} with KIP-980's {@code initial_state: STOPPED}. */
  void createStopped(String name, Map<String, String> config) {
    Map<String, Object> body = Map.of("name", name, "config", config, "initial_state", "STOPPED");
    send("POST", "connectors", body, 201);
  }

  void stop(String name) {
    send("PUT", "connectors/" + name + "/stop", null, 204);
  }

  void resume(String name) {
    send("PUT", "connectors/" + name + "/resume", null, 202);
  }

  JsonNode status(String name) {
    return send("GET", "connectors/" + name + "/status", null, 200);
  }

  /**
   * The status, or a missing node while the worker has not yet written the connector's first status
   * (its status topic lags its config topic by a moment after a create).
   */
  private JsonNode statusOnceKnown(String name) {
    try {
      return status(name);
    } catch (NoStatusYet e) {
      return JSON.missingNode();
    }
  }

  /** {@code GET /connectors/{name}/offsets} of a sink connector, as topic-partition to offset. */
  Map<TopicPartition, Long> sinkOffsets(String name) {
    Map<TopicPartition, Long> offsets = new HashMap<>();
    for (JsonNode entry :
        send("GET", "connectors/" + name + "/offsets", null, 200).path("offsets")) {
      JsonNode partition = entry.path("partition");
      offsets.put(
          new TopicPartition(
              partition.path("kafka_topic").asText(), partition.path("kafka_partition").asInt()),
          entry.path("offset").path("kafka_offset").asLong());
    }
    return offsets;
  }

  /** The connector is STOPPED and has no tasks (false while its status is not known yet). */
  boolean isStopped(String name) {
    JsonNode status = statusOnceKnown(name);
    return status.path("connector").path("state").asText().equals("STOPPED")
        && status.path("tasks").isEmpty();
  }

  /** The connector is RUNNING with exactly {@code tasks} tasks, every one RUNNING. */
  boolean isRunning(String name, int tasks) {
    JsonNode status = statusOnceKnown(name);
    JsonNode taskStates = status.path("tasks");
    return status.path("connector").path("state").asText().equals("RUNNING")
        && taskStates.size() == tasks
        && IntStream.range(0, tasks)
            .allMatch(i -> taskStates.get(i).path("state").asText().equals("RUNNING"));
  }

  JsonNode config(String name) {
    return send("GET", "connectors/" + name + "/config", null, 200);
  }

  JsonNode connectors() {
    return send("GET", "connectors", null, 200);
  }

  private JsonNode send(String method, String path, Object body, int expectedStatus) {
    try {
      HttpRequest.BodyPublisher publisher =
          body == null
              ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
      HttpRequest request =
          HttpRequest.newBuilder(base.resolve(path))
              .timeout(TIMEOUT)
              .header("Content-Type", "application/json")
              .header("Accept", "application/json")
              .method(method, publisher)
              .build();
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 404 && response.body().contains("No status found")) {
        throw new NoStatusYet(response.body());
      }
      if (response.statusCode() != expectedStatus) {
        throw new IllegalStateException(
            method + " " + path + " answered " + response.statusCode() + ": " + response.body());
      }
      return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Connect's 404 for a connector whose config is stored but whose status is not, yet. */
  static final class NoStatusYet extends IllegalStateException {
    NoStatusYet(String body) {
      super(body);
    }
  }
}
