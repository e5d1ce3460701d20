package io.kafkabluegreen.provider.connect;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The JSON shapes of Connect's REST API (snake_case on the wire) and the client's records. */
final class ConnectJson {

  private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};
  private static final TypeReference<Map<String, String>> STRINGS = new TypeReference<>() {};

  private final ObjectMapper json = new ObjectMapper();

  /** {@code {"name","connector":{"state","worker_id"},"tasks":[{"id","state",..}],"type"}}. */
  ConnectorState status(String body) throws IOException {
    JsonNode root = json.readTree(body);
    JsonNode connector = root == null ? null : root.get("connector");
    if (connector == null || !connector.hasNonNull("state")) {
      throw new IOException("no connector.state in " + abbreviate(body));
    }
    List<ConnectorState.TaskState> tasks = new ArrayList<>();
    for (JsonNode task : root.path("tasks")) {
      tasks.add(
          new ConnectorState.TaskState(
              task.path("id").asInt(),
              text(task, "state"),
              text(task, "worker_id"),
              text(task, "trace")));
    }
    return new ConnectorState(
        text(root, "name"),
        text(connector, "state"),
        text(connector, "worker_id"),
        tasks,
        text(root, "type"));
  }

  Map<String, String> config(String body) throws IOException {
    return Map.copyOf(json.readValue(body, STRINGS));
  }

  /** {@code {"offsets":[{"partition":{..},"offset":{..}}]}}. */
  List<ConnectorOffset> offsets(String body) throws IOException {
    JsonNode root = json.readTree(body);
    if (root == null || !root.path("offsets").isArray()) {
      throw new IOException("no offsets array in " + abbreviate(body));
    }
    List<ConnectorOffset> offsets = new ArrayList<>();
    for (JsonNode entry : root.get("offsets")) {
      offsets.add(
          new ConnectorOffset(
              json.convertValue(entry.get("partition"), OBJECT),
              json.convertValue(entry.get("offset"), OBJECT)));
    }
    return List.copyOf(offsets);
  }

  /** The body of {@code POST /connectors} that creates the connector STOPPED (KIP-980). */
  String createStoppedBody(String name, Map<String, String> config) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", name);
    body.put("config", config);
    body.put("initial_state", "STOPPED");
    return write(body);
  }

  String offsetsBody(List<ConnectorOffset> offsets) {
    return write(Map.of("offsets", offsets));
  }

  /** {@code GET /}: {@code {"version","commit","kafka_cluster_id"}}. */
  Optional<String> version(String body) {
    try {
      JsonNode root = json.readTree(body);
      return root != null && root.hasNonNull("version")
          ? Optional.of(root.get("version").asText())
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Connect's error body is {@code {"error_code","message"}}; a proxy's may be anything. */
  String errorMessage(String body) {
    try {
      JsonNode root = json.readTree(body);
      if (root != null && root.hasNonNull("message")) {
        return root.get("message").asText();
      }
    } catch (IOException e) {
      // Not JSON: quoted as it came below.
    }
    return body == null || body.isBlank() ? "(empty body)" : abbreviate(body.strip());
  }

  private String write(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String text(JsonNode node, String field) {
    return node.hasNonNull(field) ? node.get(field).asText() : null;
  }

  private static String abbreviate(String body) {
    return body.length() <= 200 ? body : body.substring(0, 200) + "…";
  }
}
