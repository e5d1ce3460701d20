package io.kafkabluegreen.tests.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.LintResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The chart lints, renders for every option combination, and its schema refuses bad values. */
class HelmChartTest {

  @Test
  void lintPassesInStrictMode() {
    LintResult lint = ChartRenderer.lintStrict();

    assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
    assertThat(lint.getMessages()).noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
  }

  @Test
  void defaultsRenderTheProviderAndNothingOptional() {
    Manifests chart = ChartRenderer.render();

    for (String kind :
        List.of(
            "Deployment",
            "Service",
            "ServiceAccount",
            "Secret",
            "ClusterRole",
            "ClusterRoleBinding",
            "NetworkPolicy",
            "PodDisruptionBudget")) {
      assertThat(chart.ofKind(kind)).as(kind).hasSize(1);
    }
    for (String kind :
        List.of("ServiceMonitor", "PrometheusRule", "ConfigMap", "Rollout", "AnalysisTemplate")) {
      assertThat(chart.has(kind)).as(kind + " is opt-in").isFalse();
    }
    JsonNode deployment = chart.one("Deployment");
    assertThat(deployment.path("spec").path("replicas").asInt())
        .as("leader election allows 2")
        .isEqualTo(2);
    JsonNode container = PodSpecs.container(deployment, "analysis-provider");
    assertThat(PodSpecs.envValue(container, "PROVIDER_PORT")).isEqualTo("8080");
    assertThat(PodSpecs.envValue(container, "KAFKA_BOOTSTRAP_SERVERS")).isNotBlank();
    assertThat(PodSpecs.portNames(container)).contains("http");
    assertThat(container.path("securityContext").path("readOnlyRootFilesystem").asBoolean())
        .isTrue();
    JsonNode service = chart.one("Service");
    assertThat(
            PodSpecs.selects(service.path("spec").path("selector"), PodSpecs.podLabels(deployment)))
        .isTrue();
  }

  /**
   * The images' entrypoints carry the JVM's container flags; a JAVA_TOOL_OPTIONS here would only
   * make the JVM print "Picked up …". The read-only root still needs /tmp as an emptyDir.
   */
  @Test
  void podsLeaveTheJvmFlagsToTheImageAndWriteOnlyToTmp() {
    Manifests everything = ChartRenderer.render(HelmSecurityTest.ci("example-values.yaml"));
    Manifests rollouts = Manifests.read(RepositoryFiles.yamlFiles("rollouts"));

    assertThat(everything.text()).doesNotContain("JAVA_TOOL_OPTIONS");
    assertThat(rollouts.text()).doesNotContain("JAVA_TOOL_OPTIONS");
    for (JsonNode workload :
        List.of(
            everything.one("Deployment"),
            everything.one("Rollout"),
            everything.one("Pod"),
            rollouts.one("Rollout"))) {
      JsonNode container = PodSpecs.podSpec(workload).path("containers").get(0);
      assertThat(container.path("securityContext").path("readOnlyRootFilesystem").asBoolean())
          .as(workload.path("kind").asText())
          .isTrue();
      assertThat(container.path("volumeMounts").toString()).contains("\"mountPath\":\"/tmp\"");
      assertThat(PodSpecs.podSpec(workload).path("volumes").toString()).contains("emptyDir");
    }
  }

  static Stream<Path> ciValuesFiles() {
    return RepositoryFiles.yamlFiles("helm/kafka-bluegreen/ci").stream();
  }

  @ParameterizedTest
  @MethodSource("ciValuesFiles")
  void rendersEveryCiValuesFile(Path valuesFile) {
    Manifests chart = ChartRenderer.render(valuesFile);

    assertThat(chart.ofKind("Deployment")).hasSize(1);
    for (JsonNode object : chart.all()) {
      assertThat(object.path("apiVersion").asText()).as(object.toString()).isNotBlank();
      assertThat(object.path("metadata").path("name").asText())
          .as(object.toString())
          .matches("[a-z0-9][-a-z0-9.]*");
    }
    HelmSecurityTest.assertProviderRbacIsLeastPrivilege(chart);
  }

  @Test
  void everyOptionHasACiValuesFile() {
    assertThat(ciValuesFiles().map(p -> p.getFileName().toString()))
        .contains(
            "example-values.yaml",
            "monitoring-values.yaml",
            "namespaced-values.yaml",
            "existing-secret-values.yaml",
            "ha-values.yaml",
            "minimal-values.yaml",
            "outside-controller-values.yaml");
  }

  static Stream<Arguments> badValues() {
    return Stream.of(
        Arguments.of("provider.replicaCount", -1, "replicaCount"),
        Arguments.of("provider.port", "eighty", "port"),
        Arguments.of("provider.replicas", 2, "replicas"),
        Arguments.of("kafka.bootstrapServers", "", "bootstrapServers"),
        Arguments.of("example.analysis.maxErrorRate", 2, "maxErrorRate"),
        Arguments.of("metrics.serviceMonitor.interval", "soon", "interval"),
        Arguments.of("rbac.clusterWide", "maybe", "clusterWide"));
  }

  @ParameterizedTest
  @MethodSource("badValues")
  void schemaRejectsBadValues(String key, Object value, String reported) {
    assertThatThrownBy(() -> ChartRenderer.render(Map.of(key, value)))
        .hasMessageContaining("values don't meet the specifications of the schema")
        .hasMessageContaining(reported);
  }

  @Test
  void schemaAcceptsTheDocumentedShapes() {
    Manifests chart =
        ChartRenderer.render(
            Map.of(
                "provider.replicaCount",
                1,
                "provider.podDisruptionBudget.minAvailable",
                "50%",
                "kafka.config.fetch\\.max\\.wait\\.ms",
                100));

    assertThat(chart.has("PodDisruptionBudget")).as("no PDB for a single replica").isFalse();
    JsonNode container = PodSpecs.container(chart.one("Deployment"), "analysis-provider");
    assertThat(PodSpecs.envValue(container, "KAFKA_FETCH_MAX_WAIT_MS")).isEqualTo("100");
  }
}
