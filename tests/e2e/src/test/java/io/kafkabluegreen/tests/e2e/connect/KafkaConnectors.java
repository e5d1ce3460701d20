package io.kafkabluegreen.tests.e2e.connect;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kafkabluegreen.tests.e2e.rollouts.Rollouts;
import io.strimzi.api.kafka.Crds;
import io.strimzi.api.kafka.model.common.ConnectorState;
import io.strimzi.api.kafka.model.connector.KafkaConnector;
import io.strimzi.api.kafka.model.connector.KafkaConnectorBuilder;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * The Strimzi side of {@link ConnectSinkRollout}: each revision's connector as a {@code
 * KafkaConnector} of the KafkaConnect {@code connect-<hash>} (named with the hash, as the
 * provider's label rule needs), and the ConfigMaps its offsets move through.
 */
public final class KafkaConnectors {

  /** The label naming a KafkaConnector's KafkaConnect. */
  public static final String CLUSTER_LABEL = "strimzi.io/cluster";

  /** The annotation the operator removes once it has listed or altered the offsets. */
  public static final String OFFSETS_ANNOTATION = "strimzi.io/connector-offsets";

  private static final String PREFIX = "connect-";

  private final KubernetesClient client;
  private final String namespace;

  public KafkaConnectors(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  /** The user's step: revision {@code hash}'s sink of {@code topic}, running. */
  public void createRunning(String hash, String topic) {
    KafkaConnector resource =
        new KafkaConnectorBuilder()
            .withNewMetadata()
            .withNamespace(namespace)
            .withName(ConnectSinkRollout.connector(hash))
            .addToLabels(CLUSTER_LABEL, kafkaConnect(hash))
            .endMetadata()
            .withNewSpec()
            .withClassName("org.apache.kafka.connect.file.FileStreamSinkConnector")
            .withTasksMax(2)
            // resolved by the worker that runs the task: each pod writes its own file
            .withConfig(Map.of("topics", topic, "file", "${env:KBG_SINK_FILE}"))
            .withState(ConnectorState.RUNNING)
            .endSpec()
            .build();
    Crds.kafkaConnectorOperation(client).inNamespace(namespace).resource(resource).create();
  }

  /**
   * Revision {@code hash}'s KafkaConnector.
   *
   * @throws AssertionError if there is none
   */
  public KafkaConnector of(String hash) {
    String name = ConnectSinkRollout.connector(hash);
    KafkaConnector resource =
        Crds.kafkaConnectorOperation(client).inNamespace(namespace).withName(name).get();
    if (resource == null) {
      throw new AssertionError("no KafkaConnector " + name);
    }
    return resource;
  }

  /**
   * The {@code offsets.json} of a ConfigMap.
   *
   * @throws AssertionError if there is no such ConfigMap
   */
  public String offsetsJson(String configMap) {
    ConfigMap map = client.configMaps().inNamespace(namespace).withName(configMap).get();
    if (map == null || map.getData() == null) {
      throw new AssertionError("no ConfigMap " + configMap + " with data");
    }
    return map.getData().get("offsets.json");
  }

  /** The KafkaConnect of a revision. */
  public static String kafkaConnect(String hash) {
    return PREFIX + hash;
  }

  /** What the operator stand-in reaches for a KafkaConnect: its revision's Ready worker. */
  public static Optional<URI> restOf(Rollouts rollouts, String kafkaConnect) {
    if (!kafkaConnect.startsWith(PREFIX)) {
      return Optional.empty();
    }
    return rollouts.readyPods(kafkaConnect.substring(PREFIX.length())).stream()
        .findFirst()
        .map(
            pod ->
                URI.create(
                    "http://" + pod.getStatus().getPodIP() + ":" + ConnectWorkerImage.REST_PORT));
  }
}
