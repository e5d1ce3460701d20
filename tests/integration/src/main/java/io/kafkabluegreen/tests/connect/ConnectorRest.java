package io.kafkabluegreen.tests.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The test's own calls to a Connect cluster's REST API: it creates the first connector and watches
 * connector states. Written apart from the provider's {@code ConnectClient} on purpose, so that the
 * witness of a handover does not share the code it judges.
 */
public final class ConnectorRest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final URI base;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(1))
          .build();

  public ConnectorRest(URI base) {
    this.base = base;
  }

  /**
   * What {@code GET /connectors/{name}/status} said.
   *
   * @param state the connector's state
   * @param tasks each task's state, in Connect's order
   */
  public record Status(String state, List<String> tasks) {

    public long runningTasks() {
      return tasks.stream().filter("RUNNING"::equals).count();
    }

    public boolean runningWithAllTasks(int count) {
      return "RUNNING".equals(state) && tasks.size() == count && runningTasks() == count;
    }

    public boolean stoppedWithoutTasks() {
      return "STOPPED".equals(state) && tasks.isEmpty();
    }
  }

  /** {@code POST /connectors}: created RUNNING (Connect's default initial state). */
  public void create(String name, Map<String, String> config) throws IOException {
    String body = JSON.writeValueAsString(Map.of("name", name, "config", config));
    HttpResponse<String> answer =
        send(
            HttpRequest.newBuilder(base.resolve("connectors"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    if (answer.statusCode() != 201) {
      throw new IOException("creating " + name + " at " + base + ": " + answer.body());
    }
  }

  /** The status; empty when the connector does not exist; throws when the worker is down. */
  public Optional<Status> status(String name) throws IOException {
    HttpResponse<String> answer =
        send(HttpRequest.newBuilder(base.resolve("connectors/" + name + "/status")).GET());
    if (answer.statusCode() == 404) {
      return Optional.empty();
    }
    if (answer.statusCode() != 200) {
      throw new IOException("status of " + name + " at " + base + ": " + answer.body());
    }
    JsonNode node = JSON.readTree(answer.body());
    List<String> tasks = new ArrayList<>();
    node.path("tasks").forEach(task -> tasks.add(task.path("state").asText()));
    return Optional.of(new Status(node.path("connector").path("state").asText(), tasks));
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
    try {
      return http.send(
          request.timeout(TIMEOUT).header("Accept", "application/json").build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
