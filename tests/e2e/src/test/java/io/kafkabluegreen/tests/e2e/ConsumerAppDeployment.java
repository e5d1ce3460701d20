package io.kafkabluegreen.tests.e2e;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Deploys the project's real manifests into a namespace: every {@code analysis-templates/*.yaml}
 * and {@code rollouts/*.yaml}. Only what differs per installation is changed, as a user would with
 * kustomize or Helm values: the Kafka address, the topic and group names (unique per test on a
 * shared broker), the provider's URL (Services do not route here, so it is an address the
 * controller can reach directly), and the replica count.
 */
public final class ConsumerAppDeployment {

  /** The name of the Rollout in {@code rollouts/consumer-app-rollout.yaml}. */
  public static final String ROLLOUT = "consumer-app";

  /**
   * @param bootstrapServers Kafka address for the pods
   * @param topic source topic ({@code APP_TOPICS})
   * @param group consumer group ({@code APP_GROUP} and the Rollout's consumer-group annotation)
   * @param auditTopic {@code APP_AUDIT_TOPIC}
   * @param providerUrl base URL of analysis-provider, passed as the {@code provider-url} arg
   * @param replicas pods per color
   * @param autoPromotion {@code strategy.blueGreen.autoPromotionEnabled}
   */
  public record Settings(
      String bootstrapServers,
      String topic,
      String group,
      String auditTopic,
      String providerUrl,
      int replicas,
      boolean autoPromotion) {}

  private ConsumerAppDeployment() {}

  /**
   * Creates the AnalysisTemplates, RBAC, Services and the Rollout, in that order, next to the
   * provider's release (whose Secret {@code kafka-bluegreen} the Rollout and the templates read).
   */
  public static void apply(KubernetesClient client, String namespace, Path repo, Settings s) {
    List<HasMetadata> items = new ArrayList<>();
    for (Path file : yamlFiles(repo.resolve("analysis-templates"))) {
      items.addAll(Manifests.loadFile(client, file));
    }
    List<HasMetadata> rollouts = new ArrayList<>();
    for (Path file : yamlFiles(repo.resolve("rollouts"))) {
      for (HasMetadata item : Manifests.loadFile(client, file)) {
        (isRollout(item) ? rollouts : items).add(item);
      }
    }
    rollouts.forEach(r -> customize((GenericKubernetesResource) r, s));
    items.addAll(rollouts);
    Manifests.create(client, namespace, items);
  }

  private static boolean isRollout(HasMetadata item) {
    return item instanceof GenericKubernetesResource && "Rollout".equals(item.getKind());
  }

  @SuppressWarnings("unchecked")
  private static void customize(GenericKubernetesResource rollout, Settings s) {
    rollout.getMetadata().getAnnotations().put("kafka-bluegreen.io/consumer-group", s.group());
    Map<String, Object> spec = (Map<String, Object>) rollout.getAdditionalProperties().get("spec");
    spec.put("replicas", s.replicas());
    Map<String, Object> podSpec =
        (Map<String, Object>) ((Map<String, Object>) spec.get("template")).get("spec");
    Map<String, Object> container = ((List<Map<String, Object>>) podSpec.get("containers")).get(0);
    List<Map<String, Object>> env = (List<Map<String, Object>>) container.get("env");
    setEnv(env, "KAFKA_BOOTSTRAP_SERVERS", s.bootstrapServers());
    setEnv(env, "APP_TOPICS", s.topic());
    setEnv(env, "APP_GROUP", s.group());
    setEnv(env, "APP_AUDIT_TOPIC", s.auditTopic());
    Map<String, Object> blueGreen =
        (Map<String, Object>) ((Map<String, Object>) spec.get("strategy")).get("blueGreen");
    blueGreen.put("autoPromotionEnabled", s.autoPromotion());
    for (String analysis : List.of("prePromotionAnalysis", "postPromotionAnalysis")) {
      Map<String, Object> step = (Map<String, Object>) blueGreen.get(analysis);
      if (step != null) {
        for (Map<String, Object> arg : (List<Map<String, Object>>) step.get("args")) {
          if ("provider-url".equals(arg.get("name"))) {
            arg.put("value", s.providerUrl());
          }
        }
      }
    }
  }

  /** Sets {@code name} to a literal value, replacing whatever source it had. */
  static void setEnv(List<Map<String, Object>> env, String name, String value) {
    env.removeIf(v -> name.equals(v.get("name")));
    Map<String, Object> var = new HashMap<>();
    var.put("name", name);
    var.put("value", value);
    env.add(0, var);
  }

  private static List<Path> yamlFiles(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
