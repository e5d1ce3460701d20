package io.kafkabluegreen.tests.strimzi;

import io.kafkabluegreen.provider.connect.ConnectorState;
import io.strimzi.api.kafka.model.common.Condition;
import io.strimzi.api.kafka.model.common.ConditionBuilder;
import io.strimzi.api.kafka.model.connector.KafkaConnector;
import io.strimzi.api.kafka.model.connector.KafkaConnectorStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns what the stand-in operator reads and writes into the shapes Connect and Strimzi use. */
final class ConnectJsonMapper {

  /** The connector's Connect config, as Strimzi builds it from the resource. */
  Map<String, String> config(KafkaConnector resource) {
    Map<String, String> config = new LinkedHashMap<>();
    if (resource.getSpec().getConfig() != null) {
      resource.getSpec().getConfig().forEach((k, v) -> config.put(k, String.valueOf(v)));
    }
    config.put("connector.class", resource.getSpec().getClassName());
    if (resource.getSpec().getTasksMax() != null) {
      config.put("tasks.max", Integer.toString(resource.getSpec().getTasksMax()));
    }
    config.put("name", resource.getMetadata().getName());
    return config;
  }

  /** {@code status}: the REST status under connectorStatus, Ready, the observed generation. */
  KafkaConnectorStatus status(KafkaConnector resource, ConnectorState state) {
    Map<String, Object> connectorStatus = new LinkedHashMap<>();
    connectorStatus.put("name", state.name());
    connectorStatus.put(
        "connector", Map.of("state", state.state(), "worker_id", String.valueOf(state.workerId())));
    List<Map<String, Object>> tasks = new ArrayList<>();
    state
        .tasks()
        .forEach(
            t ->
                tasks.add(
                    Map.of(
                        "id",
                        t.id(),
                        "state",
                        t.state(),
                        "worker_id",
                        String.valueOf(t.workerId()))));
    connectorStatus.put("tasks", tasks);
    connectorStatus.put("type", String.valueOf(state.type()));
    KafkaConnectorStatus status = new KafkaConnectorStatus();
    status.setConnectorStatus(connectorStatus);
    status.setObservedGeneration(
        resource.getMetadata().getGeneration() == null
            ? 0
            : resource.getMetadata().getGeneration());
    Condition ready =
        new ConditionBuilder()
            .withType("Ready")
            .withStatus("True")
            .withLastTransitionTime(Instant.now().toString())
            .build();
    status.setConditions(List.of(ready));
    return status;
  }
}
