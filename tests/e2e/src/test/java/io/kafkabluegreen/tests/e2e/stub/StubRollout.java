package io.kafkabluegreen.tests.e2e.stub;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kafkabluegreen.tests.e2e.Manifests;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The stub Rollout ({@code /stub/rollout.yaml}: 2 replicas of {@link StubServer}, its Services and
 * Secret), optionally with manual promotion and the {@code stub-gate} post-promotion analysis.
 */
public final class StubRollout {

  public static final String NAME = "stub";

  private StubRollout() {}

  /**
   * @param autoPromotion {@code strategy.blueGreen.autoPromotionEnabled}
   * @param gateUrl the {@link MetricServer} URL of a post-promotion analysis, or null for none
   */
  public static List<HasMetadata> create(
      KubernetesClient client, String namespace, boolean autoPromotion, String gateUrl) {
    List<HasMetadata> items = new ArrayList<>(Manifests.loadResource(client, "/stub/rollout.yaml"));
    for (HasMetadata item : items) {
      if (item instanceof GenericKubernetesResource rollout
          && "Rollout".equals(rollout.getKind())) {
        blueGreen(rollout).put("autoPromotionEnabled", autoPromotion);
        if (gateUrl != null) {
          blueGreen(rollout)
              .put(
                  "postPromotionAnalysis",
                  Map.of(
                      "templates", List.of(Map.of("templateName", "stub-gate")),
                      "args", List.of(Map.of("name", "url", "value", gateUrl))));
        }
      }
    }
    if (gateUrl != null) {
      items.addAll(Manifests.loadResource(client, "/stub/analysis.yaml"));
    }
    return Manifests.create(client, namespace, items);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> blueGreen(GenericKubernetesResource rollout) {
    Map<String, Object> spec = (Map<String, Object>) rollout.getAdditionalProperties().get("spec");
    Map<String, Object> strategy = (Map<String, Object>) spec.get("strategy");
    return (Map<String, Object>) strategy.get("blueGreen");
  }
}
