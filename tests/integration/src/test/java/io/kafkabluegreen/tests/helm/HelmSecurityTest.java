package io.kafkabluegreen.tests.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * docs/design.md §8 in the chart: least-privilege RBAC, tokens only via the Secret, NetworkPolicy.
 */
class HelmSecurityTest {

  /** apiGroup/resource → verbs: exactly these, nothing else. */
  static final Map<String, Set<String>> PROVIDER_RULES =
      Map.of(
          "/pods", Set.of("get", "list", "watch"),
          "argoproj.io/rollouts", Set.of("get", "list", "watch"),
          "coordination.k8s.io/leases",
              Set.of("get", "list", "watch", "create", "update", "patch"));

  private static final String TOKEN = "sentinel-provider-token-7f3a9c";
  private static final String LIFECYCLE_TOKEN = "sentinel-lifecycle-token-2b8e4d";

  static void assertProviderRbacIsLeastPrivilege(Manifests chart) {
    for (String kind : List.of("ClusterRole", "Role")) {
      for (JsonNode role : chart.ofKind(kind)) {
        if (!"analysis-provider"
            .equals(
                role.path("metadata")
                    .path("labels")
                    .path("app.kubernetes.io/component")
                    .asText())) {
          continue;
        }
        Map<String, Set<String>> granted = new HashMap<>();
        for (JsonNode rule : role.path("rules")) {
          assertThat(rule.has("resourceNames") || rule.has("nonResourceURLs")).isFalse();
          for (JsonNode group : rule.path("apiGroups")) {
            for (JsonNode resource : rule.path("resources")) {
              Set<String> verbs =
                  granted.computeIfAbsent(
                      group.asText() + "/" + resource.asText(), k -> new TreeSet<>());
              rule.path("verbs").forEach(v -> verbs.add(v.asText()));
            }
          }
        }
        assertThat(granted)
            .as(kind + " " + role.path("metadata").path("name"))
            .isEqualTo(PROVIDER_RULES);
      }
    }
  }

  @Test
  void providerRbacIsExactlyTheLeastPrivilegeSetClusterWide() {
    Manifests chart = ChartRenderer.render();

    assertThat(chart.ofKind("ClusterRole")).hasSize(1);
    assertThat(chart.has("Role")).isFalse();
    assertProviderRbacIsLeastPrivilege(chart);
    JsonNode binding = chart.one("ClusterRoleBinding");
    assertThat(binding.path("subjects").get(0).path("name").asText())
        .isEqualTo(
            chart
                .one("Deployment")
                .path("spec")
                .path("template")
                .path("spec")
                .path("serviceAccountName")
                .asText());
  }

  @Test
  void namespacedRbacGrantsTheSameRulesOnlyInTheWatchedNamespace() {
    Manifests chart = ChartRenderer.render(ci("namespaced-values.yaml"));

    assertThat(chart.has("ClusterRole") || chart.has("ClusterRoleBinding")).isFalse();
    assertThat(
            chart.ofKind("Role").stream().map(r -> r.path("metadata").path("namespace").asText()))
        .containsExactlyInAnyOrder("orders", ChartRenderer.NAMESPACE);
    assertProviderRbacIsLeastPrivilege(chart);
    for (JsonNode binding : chart.ofKind("RoleBinding")) {
      assertThat(binding.path("subjects").get(0).path("name").asText())
          .isEqualTo("bluegreen-provider");
      assertThat(binding.path("subjects").get(0).path("namespace").asText())
          .isEqualTo(ChartRenderer.NAMESPACE);
    }
    JsonNode container = PodSpecs.container(chart.one("Deployment"), "analysis-provider");
    assertThat(PodSpecs.envValue(container, "PROVIDER_WATCH_NAMESPACE")).isEqualTo("orders");
  }

  @Test
  void tokensReachThePodsOnlyThroughTheSecret() {
    Manifests chart =
        ChartRenderer.render(
            Map.of(
                "auth.token",
                TOKEN,
                "auth.lifecycleToken",
                LIFECYCLE_TOKEN,
                "example.enabled",
                true));

    assertThat(chart.text()).doesNotContain(TOKEN).doesNotContain(LIFECYCLE_TOKEN);
    JsonNode secret = chart.one("Secret");
    assertThat(decode(secret, "auth-token")).isEqualTo(TOKEN);
    assertThat(decode(secret, "lifecycle-token")).isEqualTo(LIFECYCLE_TOKEN);
    JsonNode provider = PodSpecs.container(chart.one("Deployment"), "analysis-provider");
    assertSecretRef(provider, "PROVIDER_AUTH_TOKEN", "kafka-bluegreen", "auth-token");
    assertSecretRef(provider, "PROVIDER_LIFECYCLE_TOKEN", "kafka-bluegreen", "lifecycle-token");
    assertSecretRef(
        PodSpecs.container(chart.one("Rollout"), "consumer-app"),
        "LIFECYCLE_AUTH_TOKEN",
        "kafka-bluegreen",
        "lifecycle-token");
  }

  @Test
  void generatedTokensAreLongRandomAndDistinct() {
    JsonNode first = ChartRenderer.render().one("Secret");
    JsonNode second = ChartRenderer.render().one("Secret");

    assertThat(decode(first, "auth-token"))
        .hasSize(40)
        .isNotEqualTo(decode(first, "lifecycle-token"));
    assertThat(decode(first, "auth-token")).isNotEqualTo(decode(second, "auth-token"));
  }

  @Test
  void anExistingSecretIsUsedWithItsOwnKeysAndNoneIsCreated() {
    Manifests chart = ChartRenderer.render(ci("existing-secret-values.yaml"));

    assertThat(chart.has("Secret")).isFalse();
    JsonNode provider = PodSpecs.container(chart.one("Deployment"), "analysis-provider");
    assertSecretRef(provider, "PROVIDER_AUTH_TOKEN", "kafka-bluegreen-tokens", "provider");
    assertSecretRef(provider, "PROVIDER_LIFECYCLE_TOKEN", "kafka-bluegreen-tokens", "lifecycle");
  }

  @Test
  void kafkaSecuritySettingsArriveAsKafkaEnvAndCredentialsThroughEnvFrom() {
    Manifests chart = ChartRenderer.render(ci("ha-values.yaml"));

    JsonNode provider = PodSpecs.container(chart.one("Deployment"), "analysis-provider");
    assertThat(PodSpecs.envValue(provider, "KAFKA_SECURITY_PROTOCOL")).isEqualTo("SASL_SSL");
    assertThat(PodSpecs.envValue(provider, "KAFKA_SASL_MECHANISM")).isEqualTo("SCRAM-SHA-512");
    assertThat(provider.path("envFrom").toString())
        .isEqualTo("[{\"secretRef\":{\"name\":\"kafka-client-credentials\"}}]");
    assertThat(chart.one("PodDisruptionBudget").path("spec").path("minAvailable").asInt())
        .isEqualTo(2);
  }

  @Test
  void networkPolicyAdmitsOnlyTheArgoRolloutsControllerPrometheusAndTheHelmTest() {
    Manifests chart = ChartRenderer.render();

    JsonNode policy = chart.one("NetworkPolicy");
    assertThat(
            PodSpecs.selects(
                policy.path("spec").path("podSelector").path("matchLabels"),
                PodSpecs.podLabels(chart.one("Deployment"))))
        .isTrue();
    assertThat(policy.path("spec").path("policyTypes").toString()).isEqualTo("[\"Ingress\"]");
    JsonNode ingress = policy.path("spec").path("ingress");
    assertThat(ingress).hasSize(1);
    assertThat(ingress.get(0).path("ports").toString())
        .isEqualTo("[{\"port\":\"http\",\"protocol\":\"TCP\"}]");
    JsonNode peers = ingress.get(0).path("from");
    assertThat(peers).hasSize(3);
    assertPeer(peers.get(0), "argo-rollouts", "argo-rollouts");
    assertPeer(peers.get(1), "monitoring", "prometheus");
    assertThat(peers.get(2).has("namespaceSelector")).as("the release namespace only").isFalse();
    assertThat(
            PodSpecs.selects(
                peers.get(2).path("podSelector").path("matchLabels"),
                chart.one("Pod").path("metadata").path("labels")))
        .as("the helm test Pod is admitted")
        .isTrue();
    assertThat(
            PodSpecs.selects(
                peers.get(2).path("podSelector").path("matchLabels"),
                PodSpecs.podLabels(chart.one("Deployment"))))
        .as("the test's peer is not the provider itself")
        .isFalse();
  }

  @Test
  void networkPolicySelectorsAreConfigurable() {
    Manifests custom = ChartRenderer.render(ci("monitoring-values.yaml"));
    JsonNode prometheus =
        custom.one("NetworkPolicy").path("spec").path("ingress").get(0).path("from").get(1);
    assertThat(
            prometheus
                .path("namespaceSelector")
                .path("matchLabels")
                .path("kubernetes.io/metadata.name")
                .asText())
        .isEqualTo("observability");
    assertThat(
            prometheus
                .path("podSelector")
                .path("matchLabels")
                .path("operator.prometheus.io/name")
                .asText())
        .isEqualTo("kube-prometheus-stack-prometheus");

    Manifests argoOnly =
        ChartRenderer.render(
            Map.of("networkPolicy.prometheus.enabled", false, "tests.enabled", false));
    JsonNode peers = argoOnly.one("NetworkPolicy").path("spec").path("ingress").get(0).path("from");
    assertThat(peers).hasSize(1);
    assertPeer(peers.get(0), "argo-rollouts", "argo-rollouts");

    assertThat(ChartRenderer.render(ci("minimal-values.yaml")).has("NetworkPolicy")).isFalse();
  }

  private static void assertPeer(JsonNode peer, String namespace, String app) {
    assertThat(
            peer.path("namespaceSelector")
                .path("matchLabels")
                .path("kubernetes.io/metadata.name")
                .asText())
        .isEqualTo(namespace);
    assertThat(peer.path("podSelector").path("matchLabels").path("app.kubernetes.io/name").asText())
        .isEqualTo(app);
  }

  private static void assertSecretRef(JsonNode container, String env, String secret, String key) {
    JsonNode var =
        PodSpecs.env(container, env).orElseThrow(() -> new AssertionError("no env " + env));
    assertThat(var.has("value")).as(env + " is never a literal").isFalse();
    assertThat(var.path("valueFrom").path("secretKeyRef").path("name").asText()).isEqualTo(secret);
    assertThat(var.path("valueFrom").path("secretKeyRef").path("key").asText()).isEqualTo(key);
  }

  private static String decode(JsonNode secret, String key) {
    return new String(
        Base64.getDecoder().decode(secret.path("data").path(key).asText()), StandardCharsets.UTF_8);
  }

  static Path ci(String file) {
    return RepositoryFiles.chart().resolve("ci").resolve(file);
  }
}
