package io.kafkabluegreen.tests.e2e.rollouts;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The writes {@code kubectl argo rollouts promote|abort|undo} make, byte for byte (argo-rollouts
 * {@code pkg/kubectl-argo-rollouts/cmd/{promote,abort,undo}}), so a test drives the Rollout exactly
 * as an operator with the plugin would.
 */
public final class RolloutsPlugin {

  static final String HASH_LABEL = "rollouts-pod-template-hash";
  private static final String REVISION = "rollout.argoproj.io/revision";

  private final KubernetesClient client;

  public RolloutsPlugin(KubernetesClient client) {
    this.client = client;
  }

  /**
   * {@code promote}: for a blueGreen Rollout, a merge patch {@code {"status":{"pauseConditions":
   * null}}} on the status subresource when it has pause conditions, and {@code {"spec":{"paused":
   * false}}} when {@code spec.paused}.
   */
  public void promote(String namespace, String name) {
    GenericKubernetesResource rollout = rollout(namespace, name).get();
    List<?> pauseConditions = Rollouts.field(rollout, "status", "pauseConditions");
    Boolean paused = Rollouts.field(rollout, "spec", "paused");
    if (pauseConditions != null && !pauseConditions.isEmpty()) {
      rollout(namespace, name)
          .subresource("status")
          .patch(merge(), "{\"status\":{\"pauseConditions\":null}}");
    }
    if (Boolean.TRUE.equals(paused)) {
      rollout(namespace, name).patch(merge(), "{\"spec\":{\"paused\":false}}");
    }
  }

  /** {@code abort}: a merge patch {@code {"status":{"abort":true}}} on the status subresource. */
  public void abort(String namespace, String name) {
    rollout(namespace, name).subresource("status").patch(merge(), "{\"status\":{\"abort\":true}}");
  }

  /**
   * {@code undo} (to the previous revision): finds the Rollout's ReplicaSet with the second-highest
   * {@code rollout.argoproj.io/revision}, removes the hash label from its template and writes it
   * back with a JSON patch {@code [{"op":"replace","path":"/spec/template","value":...}]}.
   */
  public void undo(String namespace, String name) {
    GenericKubernetesResource rollout = rollout(namespace, name).get();
    String uid = rollout.getMetadata().getUid();
    List<ReplicaSet> owned =
        client.apps().replicaSets().inNamespace(namespace).list().getItems().stream()
            .filter(
                rs ->
                    rs.getMetadata().getOwnerReferences().stream()
                        .anyMatch(
                            o -> uid.equals(o.getUid()) && Boolean.TRUE.equals(o.getController())))
            .sorted(Comparator.comparingLong(RolloutsPlugin::revision).reversed())
            .toList();
    if (owned.size() < 2) {
      throw new IllegalStateException("no revision to undo to for rollout " + name);
    }
    PodTemplateSpec template = owned.get(1).getSpec().getTemplate();
    template.getMetadata().getLabels().remove(HASH_LABEL);
    String patch =
        Serialization.asJson(
            List.of(Map.of("op", "replace", "path", "/spec/template", "value", template)));
    rollout(namespace, name).patch(PatchContext.of(PatchType.JSON), patch);
  }

  private static long revision(ReplicaSet rs) {
    Map<String, String> annotations = rs.getMetadata().getAnnotations();
    String value = annotations == null ? null : annotations.get(REVISION);
    return value == null ? 0 : Long.parseLong(value);
  }

  private Resource<GenericKubernetesResource> rollout(String namespace, String name) {
    return client
        .genericKubernetesResources(Rollouts.API_VERSION, "Rollout")
        .inNamespace(namespace)
        .withName(name);
  }

  private static PatchContext merge() {
    return PatchContext.of(PatchType.JSON_MERGE);
  }
}
