package io.kafkabluegreen.provider.connect;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.kafkabluegreen.provider.connect.ConnectWorkers.Cluster;
import io.kafkabluegreen.provider.handover.HandoverStepException;
import io.strimzi.api.kafka.Crds;
import io.strimzi.api.kafka.model.common.ConnectorState;
import io.strimzi.api.kafka.model.connector.AlterOffsets;
import io.strimzi.api.kafka.model.connector.KafkaConnector;
import io.strimzi.api.kafka.model.connector.KafkaConnectorBuilder;
import io.strimzi.api.kafka.model.connector.ListOffsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A connector Strimzi's operator manages through a {@code KafkaConnector} resource. Its run state
 * is {@code spec.state} ({@code stopped}/{@code running}); its offsets move as Strimzi documents
 * (0.44+): the annotation {@code strimzi.io/connector-offsets=list} makes the operator write them
 * into the ConfigMap {@code spec.listOffsets.toConfigMap} under {@code offsets.json}, {@code
 * =alter} makes it apply those of {@code spec.alterOffsets.fromConfigMap}; the operator removes the
 * annotation once done, which is what this waits for, bounded.
 */
final class StrimziConnector implements ConnectorControl {

  static final String OFFSETS_ANNOTATION = "strimzi.io/connector-offsets";
  static final String CLUSTER_LABEL = "strimzi.io/cluster";
  static final String OFFSETS_KEY = "offsets.json";
  private static final int EDIT_ATTEMPTS = 5;

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(StrimziConnector.class);

  private final KubernetesClient client;
  private final String namespace;
  private final String name;
  private final Duration operatorTimeout;
  private final Duration pollInterval;

  StrimziConnector(
      KubernetesClient client,
      String namespace,
      String name,
      Duration operatorTimeout,
      Duration pollInterval) {
    this.client = client;
    this.namespace = namespace;
    this.name = name;
    this.operatorTimeout = operatorTimeout;
    this.pollInterval = pollInterval;
  }

  /** True when a {@code KafkaConnector} of this name exists in the namespace. */
  static boolean manages(KubernetesClient client, String namespace, String name) {
    try {
      return Crds.kafkaConnectorOperation(client).inNamespace(namespace).withName(name).get()
          != null;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return false; // the CRD is not installed: no Strimzi here
      }
      if (e.getCode() == 403) {
        // Not granted (the chart's rbac.strimziConnectors): drive it through REST. Were it
        // Strimzi's after all, the operator restarts it and the switch fails verify and rolls back.
        LOG.warn(
            "Not allowed to read KafkaConnector {}/{}; driving it through the Connect REST API"
                + " (grant kafka.strimzi.io kafkaconnectors if Strimzi manages it)",
            namespace,
            name);
        return false;
      }
      throw new HandoverStepException(
          "cannot tell whether KafkaConnector "
              + namespace
              + "/"
              + name
              + " exists: "
              + e.getMessage(),
          e);
    }
  }

  @Override
  public String where() {
    return "KafkaConnector " + namespace + "/" + name;
  }

  @Override
  public void stop() {
    edit(c -> withState(c, ConnectorState.STOPPED));
  }

  @Override
  public void resume() {
    edit(c -> withState(c, ConnectorState.RUNNING));
  }

  @Override
  public List<ConnectorOffset> offsets() {
    String configMap = name + "-offsets";
    edit(
        c -> {
          if (c.getSpec().getListOffsets() == null) {
            ListOffsets list = new ListOffsets();
            list.setToConfigMap(new LocalObjectReference(configMap));
            c.getSpec().setListOffsets(list);
          }
          c.getMetadata().getAnnotations().put(OFFSETS_ANNOTATION, "list");
          return c;
        });
    awaitOperator("list");
    String target = resource().get().getSpec().getListOffsets().getToConfigMap().getName();
    var map = client.configMaps().inNamespace(namespace).withName(target).get();
    if (map == null || map.getData() == null || !map.getData().containsKey(OFFSETS_KEY)) {
      throw new HandoverStepException(
          "the operator listed "
              + where()
              + "'s offsets but ConfigMap "
              + target
              + " has no "
              + OFFSETS_KEY);
    }
    try {
      return ConnectorOffsetsJson.parse(map.getData().get(OFFSETS_KEY));
    } catch (IllegalArgumentException e) {
      throw new HandoverStepException(where() + "'s listed offsets: " + e.getMessage(), e);
    }
  }

  @Override
  public void alterOffsets(List<ConnectorOffset> offsets) {
    if (offsets.isEmpty()) {
      return; // nothing committed yet; Connect rejects an empty alteration
    }
    String configMap = name + "-offsets-alter";
    client
        .configMaps()
        .inNamespace(namespace)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(configMap)
                .endMetadata()
                .withData(Map.of(OFFSETS_KEY, ConnectorOffsetsJson.render(offsets)))
                .build())
        .serverSideApply();
    edit(
        c -> {
          AlterOffsets alter = new AlterOffsets();
          alter.setFromConfigMap(new LocalObjectReference(configMap));
          c.getSpec().setAlterOffsets(alter);
          c.getMetadata().getAnnotations().put(OFFSETS_ANNOTATION, "alter");
          return c;
        });
    awaitOperator("alter");
  }

  /**
   * A new {@code KafkaConnector} like this one but stopped; its {@code strimzi.io/cluster} label is
   * this one's with the revision's hash swapped, which is how the new revision's Connect cluster is
   * named.
   */
  @Override
  public ConnectorControl createStoppedCopy(
      String newName, String fromHash, String toHash, Cluster target) {
    KafkaConnector from = resource().get();
    Map<String, String> labels = new HashMap<>(orEmpty(from.getMetadata().getLabels()));
    String cluster = labels.getOrDefault(CLUSTER_LABEL, "");
    if (!cluster.contains(fromHash)) {
      throw new HandoverStepException(
          where()
              + "'s label "
              + CLUSTER_LABEL
              + "="
              + cluster
              + " does not name revision "
              + fromHash
              + ", so the KafkaConnect of revision "
              + toHash
              + " cannot be told");
    }
    labels.put(CLUSTER_LABEL, cluster.replace(fromHash, toHash));
    KafkaConnector copy =
        new KafkaConnectorBuilder()
            .withNewMetadata()
            .withNamespace(namespace)
            .withName(newName)
            .withLabels(labels)
            .endMetadata()
            .withNewSpec()
            .withClassName(from.getSpec().getClassName())
            .withTasksMax(from.getSpec().getTasksMax())
            .withConfig(from.getSpec().getConfig())
            .withState(ConnectorState.STOPPED)
            .endSpec()
            .build();
    try {
      Crds.kafkaConnectorOperation(client).inNamespace(namespace).resource(copy).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw new HandoverStepException(
            "creating KafkaConnector " + newName + ": " + e.getMessage(), e);
      }
      keepEarlierCopy(newName, labels.get(CLUSTER_LABEL));
    }
    return new StrimziConnector(client, namespace, newName, operatorTimeout, pollInterval);
  }

  /**
   * An earlier attempt of this handover created the resource, and the operator had not yet made its
   * connector when this one looked (it asks the worker, not the API server): keep that copy if it
   * names the same KafkaConnect, rather than failing every retry on AlreadyExists.
   */
  private void keepEarlierCopy(String copyName, String cluster) {
    KafkaConnector existing =
        Crds.kafkaConnectorOperation(client).inNamespace(namespace).withName(copyName).get();
    String existingCluster =
        existing == null ? null : orEmpty(existing.getMetadata().getLabels()).get(CLUSTER_LABEL);
    if (!cluster.equals(existingCluster)) {
      throw new HandoverStepException(
          "KafkaConnector "
              + namespace
              + "/"
              + copyName
              + " already exists with "
              + CLUSTER_LABEL
              + "="
              + existingCluster
              + ", not "
              + cluster);
    }
    LOG.info("KafkaConnector {}/{} exists from an earlier attempt; using it", namespace, copyName);
  }

  private void awaitOperator(String operation) {
    Optional<String> missing =
        ConnectorPoll.until(
            operatorTimeout,
            pollInterval,
            () -> {
              KafkaConnector now = resource().get();
              String pending =
                  now == null
                      ? null
                      : orEmpty(now.getMetadata().getAnnotations()).get(OFFSETS_ANNOTATION);
              return pending == null ? Optional.empty() : Optional.of(pending);
            });
    if (missing.isPresent()) {
      throw new HandoverStepException(
          "the Strimzi operator did not carry out "
              + OFFSETS_ANNOTATION
              + "="
              + operation
              + " on "
              + where()
              + " within "
              + operatorTimeout.toMillis()
              + " ms (is it running, and does its KafkaConnect use connector resources?)");
    }
  }

  /**
   * Edits the latest resource. The edit's patch carries the {@code resourceVersion} it read, and
   * the operator writes the status between our read and our patch (a real API server answers 409
   * then), so a conflict re-reads and edits again, a few times.
   */
  private void edit(UnaryOperator<KafkaConnector> change) {
    for (int attempt = 1; ; attempt++) {
      try {
        resource()
            .edit(
                c -> {
                  if (c.getMetadata().getAnnotations() == null) {
                    c.getMetadata().setAnnotations(new LinkedHashMap<>());
                  }
                  return change.apply(c);
                });
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() == 409 && attempt < EDIT_ATTEMPTS) {
          LOG.debug("{} changed while being edited (attempt {}); editing again", where(), attempt);
          continue;
        }
        throw new HandoverStepException("writing " + where() + ": " + e.getMessage(), e);
      }
    }
  }

  private static KafkaConnector withState(KafkaConnector c, ConnectorState state) {
    c.getSpec().setState(state);
    return c;
  }

  private Resource<KafkaConnector> resource() {
    return Crds.kafkaConnectorOperation(client).inNamespace(namespace).withName(name);
  }

  private static <K, V> Map<K, V> orEmpty(Map<K, V> map) {
    return map == null ? Map.of() : map;
  }
}
