package io.kafkabluegreen.provider.connect;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kafkabluegreen.provider.connect.ConnectWorkers.Cluster;
import io.kafkabluegreen.provider.rollout.ManagedRollout;
import java.time.Duration;

/**
 * Chooses how a revision's connector is driven: through its {@code KafkaConnector} when one of its
 * name exists in the Rollout's namespace (Strimzi's operator owns it), else through the REST API.
 */
final class ConnectorControls {

  private final KubernetesClient client;
  private final Duration operatorTimeout;
  private final Duration pollInterval;

  ConnectorControls(KubernetesClient client, Duration operatorTimeout, Duration pollInterval) {
    this.client = client;
    this.operatorTimeout = operatorTimeout;
    this.pollInterval = pollInterval;
  }

  ConnectorControl of(ManagedRollout rollout, String connector, Cluster cluster) {
    String namespace = rollout.ref().namespace();
    if (StrimziConnector.manages(client, namespace, connector)) {
      return new StrimziConnector(client, namespace, connector, operatorTimeout, pollInterval);
    }
    return new RestConnector(cluster, connector);
  }
}
