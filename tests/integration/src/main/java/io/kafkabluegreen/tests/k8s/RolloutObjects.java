package io.kafkabluegreen.tests.k8s;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The {@code argoproj.io/v1alpha1} Rollout of the local system, and its status moved the way the
 * Argo Rollouts controller moves it (docs/design.md §3): a new revision appears ({@code
 * currentPodHash}, {@code previewSelector}), promotion sets {@code blueGreen.activeSelector}, a
 * successful post-promotion analysis sets {@code stableRS}, an abort sets {@code abort: true} and
 * puts the active selector back to {@code stableRS}.
 */
public final class RolloutObjects {

  private final KubernetesClient client;
  private final String namespace;

  RolloutObjects(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  /** Creates the Rollout with {@code stableHash} active and stable, as after a first deploy. */
  public GenericKubernetesResource create(RolloutDefinition definition, String stableHash) {
    return create(definition, stableHash, Map.of());
  }

  /**
   * As {@link #create(RolloutDefinition, String)}, with more annotations (strategy E's {@code
   * kafka-bluegreen.io/connector}); they replace the definition's on a clash.
   */
  public GenericKubernetesResource create(
      RolloutDefinition definition, String stableHash, Map<String, String> extraAnnotations) {
    Map<String, String> annotations = new HashMap<>();
    annotations.put(
        RolloutDefinition.ANNOTATION_PREFIX + "consumer-group", definition.consumerGroup());
    annotations.put(RolloutDefinition.ANNOTATION_PREFIX + "lease", definition.leaseName());
    annotations.put(
        RolloutDefinition.ANNOTATION_PREFIX + "lifecycle-port",
        Integer.toString(definition.lifecyclePort()));
    annotations.put(RolloutDefinition.ANNOTATION_PREFIX + "strategy", definition.strategy());
    annotations.putAll(extraAnnotations);
    Map<String, Object> labels = Map.of("app", definition.app());
    Map<String, Object> spec =
        Map.of(
            "replicas", definition.replicas(),
            "selector", Map.of("matchLabels", labels),
            "template",
                Map.of(
                    "metadata", Map.of("labels", labels),
                    "spec",
                        Map.of(
                            "containers",
                            List.of(Map.of("name", definition.app(), "image", "local/app")))),
            "strategy",
                Map.of(
                    "blueGreen",
                    Map.of(
                        "activeService", definition.app() + "-active",
                        "previewService", definition.app() + "-preview",
                        "autoPromotionEnabled", false)));
    GenericKubernetesResource rollout =
        new GenericKubernetesResourceBuilder()
            .withApiVersion("argoproj.io/v1alpha1")
            .withKind("Rollout")
            .withNewMetadata()
            .withName(definition.name())
            .withNamespace(namespace)
            .withAnnotations(annotations)
            .endMetadata()
            .withAdditionalProperties(Map.of("spec", spec))
            .build();
    resource(definition.name()).create(rollout);
    editStatus(
        definition.name(),
        status -> {
          status.put("phase", "Healthy");
          status.put("currentPodHash", stableHash);
          status.put("stableRS", stableHash);
          status.put("abort", false);
          blueGreen(status).put("activeSelector", stableHash);
        });
    return get(definition.name());
  }

  /** A new pod template: Argo scales up {@code hash} behind the preview selector. */
  public void deploy(String name, String hash) {
    editStatus(
        name,
        status -> {
          status.put("phase", "Progressing");
          status.put("currentPodHash", hash);
          blueGreen(status).put("previewSelector", hash);
        });
  }

  /** Promotion: the active selector moves to {@code hash} (stableRS does not change yet). */
  public void promote(String name, String hash) {
    editStatus(
        name,
        status -> {
          status.put("abort", false);
          blueGreen(status).put("activeSelector", hash);
        });
  }

  /** Post-promotion analysis succeeded: {@code hash} becomes stable. */
  public void markStable(String name, String hash) {
    editStatus(
        name,
        status -> {
          status.put("phase", "Healthy");
          status.put("stableRS", hash);
        });
  }

  /** Abort: {@code status.abort: true}, the active selector goes back to {@code stableRS}. */
  public void abort(String name) {
    editStatus(
        name,
        status -> {
          status.put("abort", true);
          status.put("phase", "Degraded");
          blueGreen(status).put("activeSelector", status.get("stableRS"));
        });
  }

  public GenericKubernetesResource get(String name) {
    return resource(name).get();
  }

  /** The status as a plain map (empty if none). */
  @SuppressWarnings("unchecked")
  public Map<String, Object> status(String name) {
    Object status = get(name).getAdditionalProperties().get("status");
    return status instanceof Map ? (Map<String, Object>) status : Map.of();
  }

  private Resource<GenericKubernetesResource> resource(String name) {
    return client
        .genericKubernetesResources(FakeCluster.ROLLOUTS)
        .inNamespace(namespace)
        .withName(name);
  }

  @SuppressWarnings("unchecked")
  private void editStatus(String name, Consumer<Map<String, Object>> change) {
    resource(name)
        .editStatus(
            rollout -> {
              Map<String, Object> status =
                  new HashMap<>(
                      (Map<String, Object>)
                          rollout.getAdditionalProperties().getOrDefault("status", Map.of()));
              change.accept(status);
              rollout.getAdditionalProperties().put("status", status);
              return rollout;
            });
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> blueGreen(Map<String, Object> status) {
    Map<String, Object> blueGreen =
        new HashMap<>((Map<String, Object>) status.getOrDefault("blueGreen", Map.of()));
    status.put("blueGreen", blueGreen);
    return blueGreen;
  }
}
