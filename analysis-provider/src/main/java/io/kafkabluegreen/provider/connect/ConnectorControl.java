package io.kafkabluegreen.provider.connect;

import java.util.List;

/**
 * Where one connector's run state and offsets are changed. Plain Connect clusters take the REST API
 * ({@link RestConnector}); a connector Strimzi manages through a {@code KafkaConnector} resource
 * must be changed through that resource ({@link StrimziConnector}), because the operator reverts
 * state changes made behind its back. Reading the connector's status always goes to its cluster's
 * REST API, which both modes leave accurate.
 */
interface ConnectorControl {

  /** The connector, and where it is driven from, for results and logs. */
  String where();

  void stop();

  void resume();

  /** The connector's committed offsets; it must be stopped. */
  List<ConnectorOffset> offsets();

  /** Writes {@code offsets}; the connector must be stopped. */
  void alterOffsets(List<ConnectorOffset> offsets);

  /**
   * Creates connector {@code name} STOPPED, configured like this one, on {@code cluster} (the
   * target revision's Connect cluster).
   *
   * @return the new connector's control
   */
  ConnectorControl createStoppedCopy(
      String name, String fromHash, String toHash, ConnectWorkers.Cluster cluster);
}
