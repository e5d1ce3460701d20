package io.kafkabluegreen.tests.connect;

import io.kafkabluegreen.tests.k8s.FakeCluster;
import io.kafkabluegreen.tests.k8s.RolloutDefinition;
import io.kafkabluegreen.tests.kafka.KafkaBroker;
import io.kafkabluegreen.tests.process.LoopbackAddresses;
import io.kafkabluegreen.tests.system.SystemOptions;
import java.nio.file.Path;
import java.util.ArrayList;
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

  /**
   * Starts the revision's Connect cluster (its REST listener on a loopback address of its own,
   * {@code KBG_SINK_FILE} = {@code sinkFile}) and creates one Ready Pod per worker: pod IP = that
   * address, annotation {@code kafka-bluegreen.io/connect-port} = the worker's REST port.
   */
  static ConnectRevision start(
      KafkaBroker broker,
      FakeCluster cluster,
      SystemOptions options,
      String label,
      String hash,
      String connector,
      Path sinkFile) {
    String ip = LoopbackAddresses.next();
    ConnectCluster workers =
        ConnectCluster.start(
            broker,
            ConnectClusterOptions.defaults(options.name() + "-" + label + "-" + hash)
                .withRestHost(ip)
                .withEnv("KBG_SINK_FILE", sinkFile.toString())
                .withWorkDir(options.logDir().resolve("connect-work").resolve(label))
                .withLogDir(options.logDir().resolve("connect-logs")));
    List<String> pods = new ArrayList<>();
    for (int i = 0; i < workers.options().workers(); i++) {
      String pod = options.rollout() + "-" + hash + "-" + i;
      int port = workers.restPort(i);
      cluster.pods().create(options.rollout(), options.rollout(), pod, hash, ip, port);
      cluster.pods().annotate(pod, RolloutDefinition.ANNOTATION_PREFIX + "connect-port", "" + port);
      cluster.pods().setReady(pod, true);
      pods.add(pod);
    }
    return new ConnectRevision(label, hash, connector, workers, List.copyOf(pods), sinkFile);
  }

  /** Connect's sink group of this revision's connector. */
  public String group() {
    return "connect-" + connector;
  }

  public ConnectorRest rest() {
    return new ConnectorRest(cluster.restUri());
  }
}
