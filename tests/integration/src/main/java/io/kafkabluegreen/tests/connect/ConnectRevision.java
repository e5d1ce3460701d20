package io.kafkabluegreen.tests.connect;

import java.nio.file.Path;
import java.util.List;

/**
 * One revision of the Connect Rollout: its own Connect cluster, whose workers are the revision's
 * pods (pod IP = the cluster's REST host), writing to its own sink file.
 *
 * @param label blue, green, broken: names the sink file and the logs
 * @param hash the pod-template hash; the revision's connector is {@code <base>-<hash>}
 * @param connector the connector this revision runs
 * @param cluster its workers
 * @param pods the Pod objects, one per worker in worker order
 * @param sinkFile what {@code ${env:KBG_SINK_FILE}} resolves to in its workers
 */
public record ConnectRevision(
    String label,
    String hash,
    String connector,
    ConnectCluster cluster,
    List<String> pods,
    Path sinkFile) {

  /** Connect's sink group of this revision's connector. */
  public String group() {
    return "connect-" + connector;
  }

  public ConnectorRest rest() {
    return new ConnectorRest(cluster.restUri());
  }
}
