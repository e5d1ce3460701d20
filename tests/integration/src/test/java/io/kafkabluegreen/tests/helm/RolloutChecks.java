package io.kafkabluegreen.tests.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The contract of a kafka-bluegreen consumer Rollout with its Services, RBAC and analyses, checked
 * the same way for rollouts/ and for the chart's example.
 */
final class RolloutChecks {

  static final String GROUP = "kafka-bluegreen.io/consumer-group";
  static final String LEASE = "kafka-bluegreen.io/lease";
  static final String PORT = "kafka-bluegreen.io/lifecycle-port";
  static final String STRATEGY = "kafka-bluegreen.io/strategy";

  /** The lag template is written on another branch; until it lands it may be absent. */
  static final Set<String> OWNED_ELSEWHERE = Set.of("kafka-consumer-lag");

  private RolloutChecks() {}

  /** Annotations read by the provider agree with the consumer's own configuration. */
  static void assertAnnotationsMatchConsumer(JsonNode rollout, JsonNode container) {
    JsonNode annotations = rollout.path("metadata").path("annotations");
    assertThat(AnalysisTemplateChecks.fieldNames(annotations))
        .as("kafka-bluegreen annotations")
        .contains(GROUP, LEASE, PORT, STRATEGY);
    assertThat(annotations.path(STRATEGY).asText()).isIn("pause-resume", "offset-sync", "connect");
    assertThat(annotations.path(GROUP).asText())
        .isNotBlank()
        .isEqualTo(PodSpecs.envValue(container, "APP_GROUP"));
    assertThat(annotations.path(LEASE).asText())
        .isNotBlank()
        .isEqualTo(PodSpecs.envValue(container, "LIFECYCLE_LEASE_NAME"));
    String port = annotations.path(PORT).asText();
    assertThat(port).isEqualTo(PodSpecs.envValue(container, "APP_PORT"));
    assertThat(PodSpecs.stream(container.path("ports")))
        .as("the lifecycle port is the container port named http")
        .anyMatch(
            p ->
                p.path("name").asText().equals("http")
                    && p.path("containerPort").asText().equals(port));
  }

  /** Downward API, probes, drain time, hardening, and the token only from a Secret. */
  static void assertPodContract(JsonNode rollout, JsonNode container) {
    assertThat(fieldPath(container, "POD_NAME")).isEqualTo("metadata.name");
    assertThat(fieldPath(container, "POD_NAMESPACE")).isEqualTo("metadata.namespace");
    assertThat(fieldPath(container, "POD_TEMPLATE_HASH"))
        .isEqualTo("metadata.labels['rollouts-pod-template-hash']");
    assertThat(container.path("readinessProbe").path("httpGet").path("path").asText())
        .isEqualTo("/readyz");
    assertThat(container.path("livenessProbe").path("httpGet").path("path").asText())
        .isEqualTo("/healthz");
    long graceMillis =
        rollout
                .path("spec")
                .path("template")
                .path("spec")
                .path("terminationGracePeriodSeconds")
                .asLong()
            * 1000;
    assertThat(graceMillis)
        .as("terminationGracePeriodSeconds covers the drain")
        .isGreaterThan(Long.parseLong(PodSpecs.envValue(container, "LIFECYCLE_DRAIN_TIMEOUT_MS")));
    assertThat(container.path("securityContext").path("readOnlyRootFilesystem").asBoolean())
        .isTrue();
    assertThat(container.path("securityContext").path("allowPrivilegeEscalation").asBoolean(true))
        .isFalse();
    assertThat(
            rollout
                .path("spec")
                .path("template")
                .path("spec")
                .path("securityContext")
                .path("runAsNonRoot")
                .asBoolean())
        .isTrue();
    assertThat(container.path("resources").path("requests").isObject()).as("resources").isTrue();
    JsonNode token = PodSpecs.env(container, "LIFECYCLE_AUTH_TOKEN").orElseThrow();
    assertThat(token.has("value")).as("token is never a literal").isFalse();
    assertThat(token.path("valueFrom").path("secretKeyRef").path("key").asText()).isNotBlank();
  }

  /** Argo: the active and preview Services exist and select the Rollout's pods on the http port. */
  static void assertServices(JsonNode rollout, Manifests objects) {
    JsonNode blueGreen = rollout.path("spec").path("strategy").path("blueGreen");
    for (String role : List.of("activeService", "previewService")) {
      JsonNode service = objects.named("Service", blueGreen.path(role).asText());
      assertThat(
              PodSpecs.selects(service.path("spec").path("selector"), PodSpecs.podLabels(rollout)))
          .as(role + " selects the Rollout's pods")
          .isTrue();
      assertThat(PodSpecs.stream(service.path("spec").path("ports")))
          .anyMatch(p -> p.path("targetPort").asText().equals("http"));
    }
    assertThat(blueGreen.path("activeService").asText())
        .isNotEqualTo(blueGreen.path("previewService").asText());
  }

  /** The consumer's Role lets it read, watch and create its Lease, and nothing else. */
  static void assertConsumerRbac(JsonNode rollout, Manifests objects) {
    String serviceAccount =
        rollout.path("spec").path("template").path("spec").path("serviceAccountName").asText();
    String lease = rollout.path("metadata").path("annotations").path(LEASE).asText();
    objects.named("ServiceAccount", serviceAccount);
    JsonNode binding =
        objects.ofKind("RoleBinding").stream()
            .filter(
                b ->
                    PodSpecs.stream(b.path("subjects"))
                        .anyMatch(s -> s.path("name").asText().equals(serviceAccount)))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no RoleBinding for " + serviceAccount));
    JsonNode role = objects.named("Role", binding.path("roleRef").path("name").asText());
    Set<String> verbs = new HashSet<>();
    for (JsonNode rule : role.path("rules")) {
      assertThat(rule.path("apiGroups").toString()).isEqualTo("[\"coordination.k8s.io\"]");
      assertThat(rule.path("resources").toString()).isEqualTo("[\"leases\"]");
      rule.path("verbs").forEach(v -> verbs.add(v.asText()));
      if (rule.has("resourceNames")) {
        assertThat(rule.path("resourceNames").toString()).isEqualTo("[\"" + lease + "\"]");
      } else {
        assertThat(rule.path("verbs").toString())
            .as("only create is unnamed")
            .isEqualTo("[\"create\"]");
      }
    }
    assertThat(verbs)
        .containsExactlyInAnyOrder("get", "list", "watch", "create", "update", "patch");
  }

  /**
   * Pre-promotion checks readiness of Latest; post-promotion hands over to Latest, then lag and
   * health. Every argument a referenced template needs is passed, from a source Argo accepts in a
   * Rollout. Returns the names of referenced templates that are absent from {@code templates}.
   */
  static Set<String> assertAnalyses(JsonNode rollout, Map<String, JsonNode> templates) {
    JsonNode blueGreen = rollout.path("spec").path("strategy").path("blueGreen");
    JsonNode pre = blueGreen.path("prePromotionAnalysis");
    JsonNode post = blueGreen.path("postPromotionAnalysis");
    assertThat(templateNames(pre)).containsExactly("kafka-revision-ready");
    assertThat(templateNames(post))
        .containsExactlyInAnyOrder("kafka-handover", "kafka-consumer-lag", "kafka-revision-health");
    Set<String> missing = new HashSet<>();
    for (JsonNode analysis : List.of(pre, post)) {
      Map<String, JsonNode> args = rolloutArgs(analysis);
      assertThat(args.get("hash").path("valueFrom").path("podTemplateHashValue").asText())
          .as("analyses look at the new revision")
          .isEqualTo("Latest");
      Set<String> metricNames = new HashSet<>();
      for (String name : templateNames(analysis)) {
        JsonNode template = templates.get(name);
        if (template == null) {
          missing.add(name);
          continue;
        }
        assertThat(args.keySet())
            .as("args for " + name)
            .containsAll(AnalysisTemplateChecks.requiredArgs(template));
        template
            .path("spec")
            .path("metrics")
            .forEach(
                m ->
                    assertThat(metricNames.add(m.path("name").asText()))
                        .as("metric names are unique in one AnalysisRun: " + m.path("name"))
                        .isTrue());
      }
    }
    return missing;
  }

  static List<String> templateNames(JsonNode analysis) {
    return PodSpecs.stream(analysis.path("templates"))
        .map(t -> t.path("templateName").asText())
        .toList();
  }

  static Map<String, JsonNode> rolloutArgs(JsonNode analysis) {
    Map<String, JsonNode> args = new HashMap<>();
    for (JsonNode arg : analysis.path("args")) {
      String name = arg.path("name").asText();
      assertThat(arg.has("value") || arg.has("valueFrom"))
          .as("arg " + name + " has a value")
          .isTrue();
      if (arg.has("valueFrom")) {
        assertThat(AnalysisTemplateChecks.fieldNames(arg.path("valueFrom")))
            .as("arg " + name + " uses a source a Rollout may use")
            .hasSize(1)
            .isSubsetOf(AnalysisContract.ROLLOUT_ARG_SOURCES);
        JsonNode hash = arg.path("valueFrom").path("podTemplateHashValue");
        if (!hash.isMissingNode()) {
          assertThat(hash.asText()).isIn("Latest", "Stable");
        }
      } else {
        assertThat(arg.path("value").isTextual()).as("arg " + name + " value is a string").isTrue();
      }
      args.put(name, arg);
    }
    return args;
  }

  private static String fieldPath(JsonNode container, String env) {
    return PodSpecs.env(container, env)
        .orElseThrow(() -> new AssertionError("no env " + env))
        .path("valueFrom")
        .path("fieldRef")
        .path("fieldPath")
        .asText();
  }
}
