package io.kafkabluegreen.provider.connect;

import io.kafkabluegreen.provider.connect.ConnectWorkers.Cluster;
import io.kafkabluegreen.provider.handover.HandoverStepException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A connector driven through its Connect cluster's REST API (KIP-875 stop and offsets). */
final class RestConnector implements ConnectorControl {

  private final Cluster cluster;
  private final String name;

  RestConnector(Cluster cluster, String name) {
    this.cluster = cluster;
    this.name = name;
  }

  @Override
  public String where() {
    return cluster.where(name);
  }

  @Override
  public void stop() {
    cluster.client().stop(name);
  }

  @Override
  public void resume() {
    cluster.client().resume(name);
  }

  @Override
  public List<ConnectorOffset> offsets() {
    return cluster.client().offsets(name);
  }

  @Override
  public void alterOffsets(List<ConnectorOffset> offsets) {
    cluster.client().alterOffsets(name, offsets);
  }

  /** {@code POST /connectors} with {@code initial_state: STOPPED} (KIP-980) and this config. */
  @Override
  public ConnectorControl createStoppedCopy(
      String newName, String fromHash, String toHash, Cluster target) {
    Map<String, String> config =
        cluster
            .client()
            .config(name)
            .orElseThrow(
                () ->
                    new HandoverStepException(
                        where()
                            + " does not exist, so "
                            + newName
                            + " cannot be created from its configuration"));
    Map<String, String> renamed = new LinkedHashMap<>(config);
    renamed.put("name", newName);
    target.client().createStopped(newName, renamed);
    return new RestConnector(target, newName);
  }
}
