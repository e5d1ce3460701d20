package io.kafkabluegreen.tests.connect;

import io.kafkabluegreen.tests.k8s.FakeCluster;
import io.kafkabluegreen.tests.strimzi.StrimziOperatorStandIn;
import io.strimzi.api.kafka.Crds;
import io.strimzi.api.kafka.model.common.ConnectorState;
import io.strimzi.api.kafka.model.connector.KafkaConnector;
import io.strimzi.api.kafka.model.connector.KafkaConnectorBuilder;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@link ConnectSystem}'s Strimzi mode: every connector a {@code KafkaConnector} labelled {@code
 * strimzi.io/cluster: connect-<hash>}, reconciled by {@link StrimziOperatorStandIn} (the named
 * stand-in for Strimzi's operator) onto that revision's Connect cluster.
 */
public final class StrimziConnectors implements AutoCloseable {

  private static final String CLUSTER_LABEL = "strimzi.io/cluster";
  private static final long RESYNC_MS = 2000;

  private final FakeCluster cluster;
  private final String namespace;
  private final StrimziOperatorStandIn operator;

  private StrimziConnectors(
      FakeCluster cluster, String namespace, StrimziOperatorStandIn operator) {
    this.cluster = cluster;
    this.namespace = namespace;
    this.operator = operator;
  }

  /** Starts the operator stand-in over {@code revisions} (read at every reconcile). */
  static StrimziConnectors start(
      FakeCluster cluster, String namespace, Supplier<List<ConnectRevision>> revisions) {
    StrimziOperatorStandIn operator =
        new StrimziOperatorStandIn(cluster.client(), namespace, label -> restOf(revisions, label))
            .start(RESYNC_MS);
    return new StrimziConnectors(cluster, namespace, operator);
  }

  /**
   * The user's step: blue's KafkaConnector, RUNNING, with the class and task count of {@code
   * config} in the spec and the rest as its config; the operator creates the connector.
   */
  void createFirst(ConnectRevision blue, Map<String, String> config) {
    Map<String, Object> rest = new LinkedHashMap<>(config);
    String className = (String) rest.remove("connector.class");
    int tasksMax = Integer.parseInt((String) rest.remove("tasks.max"));
    KafkaConnector resource =
        new KafkaConnectorBuilder()
            .withNewMetadata()
            .withNamespace(namespace)
            .withName(blue.connector())
            .addToLabels(CLUSTER_LABEL, kafkaConnect(blue.hash()))
            .endMetadata()
            .withNewSpec()
            .withClassName(className)
            .withTasksMax(tasksMax)
            .withConfig(rest)
            .withState(ConnectorState.RUNNING)
            .endSpec()
            .build();
    Crds.kafkaConnectorOperation(cluster.client())
        .inNamespace(namespace)
        .resource(resource)
        .create();
  }

  /** The {@code KafkaConnector} of revision {@code hash}'s connector, or null. */
  public KafkaConnector of(String hash) {
    return Crds.kafkaConnectorOperation(cluster.client())
        .inNamespace(namespace)
        .withName(ConnectSystem.connectorOf(hash))
        .get();
  }

  /** The KafkaConnect name of a revision: the hash in it, as the provider's rule requires. */
  public static String kafkaConnect(String hash) {
    return "connect-" + hash;
  }

  private static Optional<URI> restOf(Supplier<List<ConnectRevision>> revisions, String label) {
    return revisions.get().stream()
        .filter(r -> kafkaConnect(r.hash()).equals(label))
        .findFirst()
        .map(r -> r.cluster().restUri());
  }

  @Override
  public void close() {
    operator.close();
  }
}
