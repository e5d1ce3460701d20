package io.kafkabluegreen.provider.rollout;

import io.kafkabluegreen.common.http.FieldError;
import java.util.List;
import java.util.Map;

/**
 * What strategy E reads from a Rollout's annotations (docs/design.md, strategy E): each revision's
 * pods are the workers of one Kafka Connect cluster running the sink connector {@code
 * <connector>-<hash>}.
 *
 * @param connector {@code kafka-bluegreen.io/connector}: the base of the connectors' names
 * @param restPort {@code kafka-bluegreen.io/connect-port}, default 8083 (Connect's default
 *     listener); a pod's own annotation wins
 */
public record ConnectSettings(String connector, int restPort) {

  public static final String CONNECTOR_ANNOTATION = "kafka-bluegreen.io/connector";
  public static final String PORT_ANNOTATION = "kafka-bluegreen.io/connect-port";
  public static final int DEFAULT_REST_PORT = 8083;

  /** The connector a revision runs. */
  public String connectorOf(String hash) {
    return connector + "-" + hash;
  }

  /** Reads the annotations of a Rollout with strategy E; problems are collected, not thrown. */
  static ConnectSettings read(Map<String, String> annotations, List<FieldError> problems) {
    String connector = annotations.getOrDefault(CONNECTOR_ANNOTATION, "").trim();
    if (connector.isEmpty()) {
      problems.add(
          new FieldError(CONNECTOR_ANNOTATION, "annotation is required for strategy connect"));
    } else if (!connector.matches("[A-Za-z0-9._-]{1,200}")) {
      problems.add(
          new FieldError(
              CONNECTOR_ANNOTATION,
              "must be letters, digits, '.', '_' or '-' (a connector name in a URL path), got '"
                  + connector
                  + "'"));
    }
    int port =
        ManagedRollout.port(
            annotations.get(PORT_ANNOTATION), PORT_ANNOTATION, DEFAULT_REST_PORT, problems);
    return new ConnectSettings(connector, port);
  }
}
