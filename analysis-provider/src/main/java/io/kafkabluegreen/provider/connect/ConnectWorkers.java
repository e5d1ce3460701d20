package io.kafkabluegreen.provider.connect;

import io.kafkabluegreen.provider.pods.PodLocator;
import io.kafkabluegreen.provider.pods.RevisionPod;
import io.kafkabluegreen.provider.rollout.ManagedRollout;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the Connect cluster of a revision: its pods are the workers of one distributed cluster, so
 * any Ready worker answers for all of them (a worker that is not the leader forwards what it must).
 */
final class ConnectWorkers {

  private final PodLocator pods;
  private final ConnectClients clients;

  ConnectWorkers(PodLocator pods, ConnectClients clients) {
    this.pods = pods;
    this.clients = clients;
  }

  /** A client for one usable worker of {@code hash}, or empty when the revision has none. */
  Optional<Cluster> of(ManagedRollout rollout, String hash) {
    return first(pods.revision(rollout, hash), hash);
  }

  /**
   * One cluster per revision that has a usable worker, other than {@code target}; without a
   * selector, the {@code fallbackHash}'s.
   */
  Map<String, Cluster> others(ManagedRollout rollout, String target, String fallbackHash) {
    Map<String, Cluster> clusters = new LinkedHashMap<>();
    for (RevisionPod pod : pods.allBut(rollout, target, fallbackHash)) {
      if (pod.usable() && !clusters.containsKey(pod.hash())) {
        clusters.put(pod.hash(), cluster(pod));
      }
    }
    return clusters;
  }

  /** Every pod of every other revision, for reporting those that were skipped. */
  List<RevisionPod> otherPods(ManagedRollout rollout, String target, String fallbackHash) {
    return pods.allBut(rollout, target, fallbackHash);
  }

  private Optional<Cluster> first(List<RevisionPod> revision, String hash) {
    return revision.stream().filter(RevisionPod::usable).findFirst().map(this::cluster);
  }

  private Cluster cluster(RevisionPod pod) {
    return new Cluster(pod, clients.at(pod.uri("")));
  }

  /** A revision's cluster, reached through one of its workers. */
  record Cluster(RevisionPod worker, ConnectClient client) {
    String where(String connector) {
      return connector + "@" + worker.name();
    }
  }
}
