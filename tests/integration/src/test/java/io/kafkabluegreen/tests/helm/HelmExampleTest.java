package io.kafkabluegreen.tests.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The optional example consumer: off by default; when on, wired to this release's provider. */
class HelmExampleTest {

  private final Manifests chart = ChartRenderer.render(HelmSecurityTest.ci("example-values.yaml"));
  private final JsonNode rollout = chart.one("Rollout");
  private final JsonNode container = PodSpecs.container(rollout, "consumer-app");

  @Test
  void exampleIsAbsentUnlessEnabled() {
    Manifests defaults = ChartRenderer.render();

    assertThat(defaults.has("Rollout")).isFalse();
    assertThat(defaults.has("AnalysisTemplate")).isFalse();
    assertThat(defaults.ofKind("Service")).hasSize(1);
    assertThat(chart.ofKind("Service")).hasSize(3);
  }

  @Test
  void rolloutHonoursTheConsumerContract() {
    assertThat(rollout.path("metadata").path("name").asText()).isEqualTo("orders-consumer");
    assertThat(rollout.path("spec").path("replicas").asInt()).isEqualTo(2);
    RolloutChecks.assertAnnotationsMatchConsumer(rollout, container);
    RolloutChecks.assertPodContract(rollout, container);
    RolloutChecks.assertServices(rollout, chart);
    RolloutChecks.assertConsumerRbac(rollout, chart);
    assertThat(PodSpecs.envValue(container, "APP_TOPICS")).isEqualTo("orders,returns");
    assertThat(PodSpecs.envValue(container, "APP_FAILURE_MODE")).isEqualTo("none");
  }

  @Test
  void analysesCallThisReleasesProviderServiceWithItsToken() {
    JsonNode service = chart.named("Service", "kafka-bluegreen");
    String url =
        "http://kafka-bluegreen.shop.svc:"
            + service.path("spec").path("ports").get(0).path("port").asText();
    JsonNode blueGreen = rollout.path("spec").path("strategy").path("blueGreen");

    for (String analysis : new String[] {"prePromotionAnalysis", "postPromotionAnalysis"}) {
      Map<String, JsonNode> args = RolloutChecks.rolloutArgs(blueGreen.path(analysis));
      assertThat(args.get("provider-url").path("value").asText()).isEqualTo(url);
    }
    Map<String, JsonNode> post = RolloutChecks.rolloutArgs(blueGreen.path("postPromotionAnalysis"));
    assertThat(post.get("max-lag").path("value").asText()).isEqualTo("500");
    assertThat(post.get("max-error-rate").path("value").asText()).isEqualTo("0.01");
    assertThat(
            post.get("consumer-group")
                .path("valueFrom")
                .path("fieldRef")
                .path("fieldPath")
                .asText())
        .isEqualTo("metadata.annotations['" + RolloutChecks.GROUP + "']");

    JsonNode tokenArg = tokenArg(chart.named("AnalysisTemplate", "kafka-handover"));
    JsonNode providerToken =
        PodSpecs.env(
                PodSpecs.container(chart.one("Deployment"), "analysis-provider"),
                "PROVIDER_AUTH_TOKEN")
            .orElseThrow()
            .path("valueFrom")
            .path("secretKeyRef");
    assertThat(tokenArg).isEqualTo(providerToken);
    assertThat(tokenArg.path("key").asText()).isEqualTo("provider-token");
  }

  /** A controller outside the cluster network reaches the provider by another address. */
  @Test
  void analysesCallTheConfiguredProviderUrlWhenOneIsGiven() {
    JsonNode blueGreen =
        ChartRenderer.render(HelmSecurityTest.ci("outside-controller-values.yaml"))
            .one("Rollout")
            .path("spec")
            .path("strategy")
            .path("blueGreen");

    for (String analysis : new String[] {"prePromotionAnalysis", "postPromotionAnalysis"}) {
      assertThat(
              RolloutChecks.rolloutArgs(blueGreen.path(analysis))
                  .get("provider-url")
                  .path("value")
                  .asText())
          .isEqualTo("http://127.0.0.1:18080");
    }
  }

  @Test
  void analysesPassEveryArgumentOfTheRenderedTemplates() {
    Map<String, JsonNode> templates =
        chart.ofKind("AnalysisTemplate").stream()
            .collect(
                Collectors.toMap(
                    t -> t.path("metadata").path("name").asText(), Function.identity()));

    templates.values().forEach(AnalysisTemplateChecks::assertValidForArgo);
    assertThat(RolloutChecks.assertAnalyses(rollout, templates))
        .isSubsetOf(RolloutChecks.OWNED_ELSEWHERE);
  }

  /**
   * One copy of the templates: analysis-templates/ is a link to the chart's files (the other way
   * round Helm warns about a symbolic link on every render), and the chart changes only placement.
   */
  @Test
  void analysisTemplatesFolderIsTheChartsOwnFiles() throws Exception {
    Path folder = RepositoryFiles.root().resolve("analysis-templates");
    Path inChart = RepositoryFiles.chart().resolve("files/analysis-templates");

    assertThat(Files.isSymbolicLink(inChart)).as("no link inside the chart").isFalse();
    assertThat(folder.toRealPath()).isEqualTo(inChart.toRealPath());
  }

  @Test
  void templatesAreTheRepositorysOwnPointedAtThisReleasesSecret() {
    Manifests files = Manifests.read(RepositoryFiles.yamlFiles("analysis-templates"));

    assertThat(chart.ofKind("AnalysisTemplate")).hasSameSizeAs(files.ofKind("AnalysisTemplate"));
    for (JsonNode file : files.ofKind("AnalysisTemplate")) {
      String name = file.path("metadata").path("name").asText();
      JsonNode rendered = chart.named("AnalysisTemplate", name);
      assertThat(rendered.path("metadata").path("namespace").asText())
          .isEqualTo(ChartRenderer.NAMESPACE);
      JsonNode expected = file.path("spec").deepCopy();
      for (JsonNode arg : expected.path("args")) {
        if (arg.path("valueFrom").has("secretKeyRef")) {
          ((ObjectNode) arg.path("valueFrom"))
              .set(
                  "secretKeyRef",
                  Manifests.YAML
                      .createObjectNode()
                      .put("name", "kafka-bluegreen")
                      .put("key", "provider-token"));
        }
      }
      assertThat(rendered.path("spec")).as(name).isEqualTo(normalizeNumbers(expected));
    }
  }

  private static JsonNode tokenArg(JsonNode template) {
    return PodSpecs.stream(template.path("spec").path("args"))
        .filter(a -> a.path("name").asText().equals("token"))
        .findFirst()
        .orElseThrow()
        .path("valueFrom")
        .path("secretKeyRef");
  }

  /** Helm's fromYaml/toYaml round-trip keeps numbers as numbers; compare them as parsed again. */
  private static JsonNode normalizeNumbers(JsonNode node) {
    try {
      return Manifests.YAML.readTree(Manifests.YAML.writeValueAsString(node));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
