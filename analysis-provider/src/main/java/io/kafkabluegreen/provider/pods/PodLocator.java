package io.kafkabluegreen.provider.pods;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kafkabluegreen.common.http.FieldError;
import io.kafkabluegreen.provider.rollout.KubernetesUnavailableException;
import io.kafkabluegreen.provider.rollout.ManagedRollout;
import io.kafkabluegreen.provider.rollout.PodHash;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds a Rollout's pods through the Kubernetes API: a revision is the set of pods labelled {@code
 * rollouts-pod-template-hash=<hash>} in the Rollout's namespace (and matching its selector, so that
 * two Rollouts in one namespace never mix). Every pod found is returned; those the provider must
 * not call carry a skip reason.
 */
public final class PodLocator {

  private final KubernetesClient client;

  public PodLocator(KubernetesClient client) {
    this.client = client;
  }

  /** The pods of one revision. */
  public List<RevisionPod> revision(ManagedRollout rollout, String hash) {
    Map<String, String> labels = new HashMap<>(rollout.selector());
    labels.put(PodHash.LABEL, hash);
    return list(rollout, labels);
  }

  /**
   * Every pod of the Rollout that is not of {@code hash}: the ones that must stop consuming before
   * {@code hash} may start. Without a Rollout selector only {@code fallbackHash}'s pods are known.
   */
  public List<RevisionPod> allBut(ManagedRollout rollout, String hash, String fallbackHash) {
    if (rollout.selector().isEmpty()) {
      return fallbackHash.isEmpty() || fallbackHash.equals(hash)
          ? List.of()
          : revision(rollout, fallbackHash);
    }
    return list(rollout, rollout.selector()).stream()
        .filter(pod -> !pod.hash().isEmpty() && !pod.hash().equals(hash))
        .toList();
  }

  /** Every pod of the Rollout that carries a pod-template hash. */
  public List<RevisionPod> all(ManagedRollout rollout) {
    if (rollout.selector().isEmpty()) {
      return List.of();
    }
    return list(rollout, rollout.selector()).stream().filter(pod -> !pod.hash().isEmpty()).toList();
  }

  private List<RevisionPod> list(ManagedRollout rollout, Map<String, String> labels) {
    List<Pod> pods;
    try {
      pods =
          client.pods().inNamespace(rollout.ref().namespace()).withLabels(labels).list().getItems();
    } catch (KubernetesClientException e) {
      throw new KubernetesUnavailableException("listing pods of " + rollout.ref(), e);
    }
    List<RevisionPod> result = new ArrayList<>();
    for (Pod pod : pods) {
      result.add(toRevisionPod(pod, rollout.lifecyclePort(), rollout.podPortAnnotation()));
    }
    result.sort(Comparator.comparing(RevisionPod::name));
    return result;
  }

  static RevisionPod toRevisionPod(Pod pod, int rolloutPort) {
    return toRevisionPod(pod, rolloutPort, ManagedRollout.PORT_ANNOTATION);
  }

  static RevisionPod toRevisionPod(Pod pod, int rolloutPort, String portAnnotation) {
    Map<String, String> labels = orEmpty(pod.getMetadata().getLabels());
    Map<String, String> annotations = orEmpty(pod.getMetadata().getAnnotations());
    List<FieldError> ignored = new ArrayList<>();
    String podPort = annotations.get(portAnnotation);
    int port = podPort == null ? rolloutPort : ManagedRollout.port(podPort, ignored);
    String ip = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
    return new RevisionPod(
        pod.getMetadata().getName(),
        labels.getOrDefault(PodHash.LABEL, ""),
        ip == null ? "" : ip,
        port,
        skipReason(pod, ip));
  }

  private static Optional<String> skipReason(Pod pod, String ip) {
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      return Optional.of("terminating");
    }
    if (ip == null || ip.isEmpty()) {
      return Optional.of("no pod IP");
    }
    if (pod.getStatus() == null || !"Running".equals(pod.getStatus().getPhase())) {
      return Optional.of("not running");
    }
    List<PodCondition> conditions =
        pod.getStatus().getConditions() == null ? List.of() : pod.getStatus().getConditions();
    boolean ready =
        conditions.stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    return ready ? Optional.empty() : Optional.of("not Ready");
  }

  private static Map<String, String> orEmpty(Map<String, String> map) {
    return map == null ? Map.of() : map;
  }
}
