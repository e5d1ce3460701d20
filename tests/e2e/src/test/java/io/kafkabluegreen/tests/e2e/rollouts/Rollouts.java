package io.kafkabluegreen.tests.e2e.rollouts;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.List;
import java.util.Map;

/**
 * Reads an Argo Rollout and what hangs off it (its ReplicaSets' pods, its active Service) through
 * the generic client: the tests do not depend on a generated Argo model.
 */
public final class Rollouts {

  public static final String API_VERSION = "argoproj.io/v1alpha1";

  /** The label Argo puts on a revision's ReplicaSet, pods and Service selectors. */
  public static final String HASH_LABEL = "rollouts-pod-template-hash";

  private final KubernetesClient client;
  private final String namespace;

  public Rollouts(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  public Resource<GenericKubernetesResource> resource(String name) {
    return client
        .genericKubernetesResources(API_VERSION, "Rollout")
        .inNamespace(namespace)
        .withName(name);
  }

  public GenericKubernetesResource get(String name) {
    return resource(name).get();
  }

  /** Changes the pod template (a new revision): env var {@code env} of the first container. */
  public void setTemplateEnv(String name, String env, String value) {
    setTemplateEnv(name, Map.of(env, value));
  }

  /**
   * Changes the pod template (one new revision) by setting env vars of the first container,
   * replacing or adding each.
   */
  public void setTemplateEnv(String name, Map<String, String> values) {
    // A read-modify-write guarded by resourceVersion: the controller writes the Rollout too, so a
    // conflict (409) is re-read and redone, as `kubectl edit` does; the change is idempotent.
    for (int attempt = 1; ; attempt++) {
      try {
        editTemplateEnv(name, values);
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 5) {
          throw e;
        }
      }
    }
  }

  @SuppressWarnings("unchecked")
  private void editTemplateEnv(String name, Map<String, String> values) {
    resource(name)
        .edit(
            rollout -> {
              Map<String, Object> spec = field(rollout, "spec", "template", "spec");
              List<Map<String, Object>> containers =
                  (List<Map<String, Object>>) spec.get("containers");
              List<Map<String, Object>> vars =
                  (List<Map<String, Object>>)
                      containers.get(0).computeIfAbsent("env", k -> new java.util.ArrayList<>());
              values.forEach(
                  (env, value) -> {
                    vars.removeIf(v -> env.equals(v.get("name")));
                    vars.add(0, new java.util.HashMap<>(Map.of("name", env, "value", value)));
                  });
              return rollout;
            });
  }

  /** {@code status.phase}: Progressing, Paused, Healthy, Degraded. */
  public String phase(String name) {
    return field(get(name), "status", "phase");
  }

  /** {@code status.blueGreen.activeSelector}: the hash the active Service points at. */
  public String activeSelector(String name) {
    return field(get(name), "status", "blueGreen", "activeSelector");
  }

  /** {@code status.stableRS}: the hash of the last fully promoted revision. */
  public String stableHash(String name) {
    return field(get(name), "status", "stableRS");
  }

  /** {@code status.currentPodHash}: the hash of {@code spec.template} as it is now. */
  public String currentHash(String name) {
    return field(get(name), "status", "currentPodHash");
  }

  public boolean aborted(String name) {
    return Boolean.TRUE.equals(field(get(name), "status", "abort"));
  }

  /** The hash in the Service's selector (what Argo wrote there). */
  public String serviceHash(String service) {
    Service s = client.services().inNamespace(namespace).withName(service).get();
    Map<String, String> selector = s == null ? null : s.getSpec().getSelector();
    return selector == null ? null : selector.get(HASH_LABEL);
  }

  /** The pods of one revision (by hash), whatever their state. */
  public List<Pod> pods(String hash) {
    return client.pods().inNamespace(namespace).withLabel(HASH_LABEL, hash).list().getItems();
  }

  /** Pods of {@code hash} that are Ready, with their pod IPs. */
  public List<Pod> readyPods(String hash) {
    return pods(hash).stream().filter(Rollouts::ready).toList();
  }

  /** {@code spec.holderIdentity} of the Lease {@code name}, or null while there is none. */
  public String leaseHolder(String name) {
    Lease lease = client.leases().inNamespace(namespace).withName(name).get();
    return lease == null ? null : lease.getSpec().getHolderIdentity();
  }

  public static boolean ready(Pod pod) {
    return pod.getStatus() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /** A nested field of a generic object, or null when any step is missing. */
  @SuppressWarnings("unchecked")
  public static <T> T field(GenericKubernetesResource resource, String... path) {
    if (resource == null) {
      return null;
    }
    Object current = resource.getAdditionalProperties();
    for (String step : path) {
      if (!(current instanceof Map<?, ?> map)) {
        return null;
      }
      current = ((Map<String, Object>) map).get(step);
    }
    return (T) current;
  }
}
