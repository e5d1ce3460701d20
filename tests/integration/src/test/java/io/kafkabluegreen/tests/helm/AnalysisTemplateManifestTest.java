package io.kafkabluegreen.tests.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The files of analysis-templates/ are valid for Argo Rollouts v1.9 and call analysis-provider
 * exactly as its endpoints answer: conditions read JSON fields (a body that is not JSON would count
 * as Successful whatever the condition says).
 */
class AnalysisTemplateManifestTest {

  private static final Manifests TEMPLATES =
      Manifests.read(RepositoryFiles.yamlFiles("analysis-templates"));
  private static final String ROLLOUT_PATH =
      "{{args.provider-url}}/v1/rollouts/{{args.namespace}}/{{args.rollout}}";

  @Test
  void everyTemplateIsValidForArgo() {
    assertThat(TEMPLATES.ofKind("AnalysisTemplate")).hasSizeGreaterThanOrEqualTo(3);
    TEMPLATES.ofKind("AnalysisTemplate").forEach(AnalysisTemplateChecks::assertValidForArgo);
  }

  @Test
  void revisionReadyGetsTheReadinessOfTheGivenRevision() {
    JsonNode metric = metric("kafka-revision-ready", "revision-ready");
    JsonNode web = metric.path("provider").path("web");

    assertThat(web.path("method").asText("GET")).isEqualTo("GET");
    assertThat(web.path("url").asText()).isEqualTo(ROLLOUT_PATH + "/revisions/{{args.hash}}");
    assertThat(metric.path("successCondition").asText()).isEqualTo("result.ready == true");
    assertConditionsRead(metric, AnalysisContract.REVISION_FIELDS);
  }

  @Test
  void handoverPostsToLatestWithTheBearerTokenFromASecret() {
    JsonNode template = TEMPLATES.named("AnalysisTemplate", "kafka-handover");
    JsonNode metric = AnalysisTemplateChecks.metric(template, "handover");
    JsonNode web = metric.path("provider").path("web");

    assertThat(web.path("method").asText()).isEqualTo("POST");
    assertThat(web.path("url").asText()).isEqualTo(ROLLOUT_PATH + "/handover?to={{args.hash}}");
    assertThat(web.path("headers").toString())
        .isEqualTo("[{\"key\":\"Authorization\",\"value\":\"Bearer {{args.token}}\"}]");
    JsonNode token =
        PodSpecs.stream(template.path("spec").path("args"))
            .filter(a -> a.path("name").asText().equals("token"))
            .findFirst()
            .orElseThrow();
    assertThat(token.has("value")).isFalse();
    assertThat(token.path("valueFrom").path("secretKeyRef").path("key").asText()).isNotBlank();
    assertThat(metric.path("successCondition").asText()).isEqualTo("result.phase == \"Active\"");
    assertThat(metric.path("consecutiveSuccessLimit").asInt())
        .as("done at the first Active")
        .isEqualTo(1);
    assertThat(metric.path("failureLimit").asInt()).as("a Failed switch fails at once").isZero();
    assertThat(web.path("timeoutSeconds").asInt())
        .as("a synchronous switch gets more than Argo's 10 s default")
        .isGreaterThan(10);
    assertConditionsRead(metric, AnalysisContract.HANDOVER_FIELDS);
    assertThat(
            quoted(
                metric.path("successCondition").asText()
                    + metric.path("failureCondition").asText()))
        .isSubsetOf(AnalysisContract.HANDOVER_PHASES);
  }

  @Test
  void revisionHealthSamplesTheErrorRateOverSeveralIntervals() {
    JsonNode template = TEMPLATES.named("AnalysisTemplate", "kafka-revision-health");
    JsonNode metric = AnalysisTemplateChecks.metric(template, "revision-health");

    assertThat(metric.path("provider").path("web").path("url").asText())
        .isEqualTo(ROLLOUT_PATH + "/revisions/{{args.hash}}");
    assertThat(metric.path("count").asInt()).isGreaterThan(1);
    assertThat(metric.path("initialDelay").asText()).as("after the parallel handover").isNotBlank();
    assertThat(metric.path("interval").asText()).isNotBlank();
    assertThat(metric.path("failureLimit").asInt()).isPositive();
    assertThat(metric.path("consecutiveSuccessLimit").asInt()).isGreaterThan(1);
    assertThat(AnalysisContract.resultFields(metric.path("successCondition").asText()))
        .contains("errorRate");
    assertConditionsRead(metric, AnalysisContract.REVISION_FIELDS);
    double maxErrorRate =
        PodSpecs.stream(template.path("spec").path("args"))
            .filter(a -> a.path("name").asText().equals("max-error-rate"))
            .findFirst()
            .orElseThrow()
            .path("value")
            .asDouble(-1);
    assertThat(maxErrorRate).isBetween(0.0, 1.0);
  }

  @Test
  void consumerLagReadsTheTotalLagFieldOfTheLagReport() {
    JsonNode metric = metric("kafka-consumer-lag", "consumer-lag");
    JsonNode web = metric.path("provider").path("web");

    assertThat(web.path("url").asText())
        .startsWith("{{args.provider-url}}/v1/lag?group={{args.consumer-group}}");
    Matcher field = Pattern.compile("^\\{\\$\\.(\\w+)}$").matcher(web.path("jsonPath").asText());
    assertThat(field.matches()).as("jsonPath names one top-level field").isTrue();
    assertThat(AnalysisContract.LAG_FIELDS).contains(field.group(1));
    assertThat(metric.path("successCondition").asText()).contains("result <=");
    // it reads a total only, so it asks for the totals and not for every partition
    assertThat(web.path("url").asText()).contains("&detail=totals");
    assertThat(AnalysisContract.LAG_TOTALS_FIELDS).contains(field.group(1));
  }

  @Test
  void everyTemplateReadsTheWholeJsonBodyAndConditionsOnItsFields() {
    for (String name :
        new String[] {"kafka-revision-ready", "kafka-handover", "kafka-revision-health"}) {
      for (JsonNode metric :
          TEMPLATES.named("AnalysisTemplate", name).path("spec").path("metrics")) {
        assertThat(metric.path("provider").path("web").path("jsonPath").asText())
            .as(name)
            .isEqualTo("{$}");
        assertThat(AnalysisContract.resultFields(metric.path("successCondition").asText()))
            .as(name + " condition reads fields of the JSON answer")
            .isNotEmpty();
      }
    }
  }

  /**
   * Argo calls web metrics from the controller's namespace: a short Service name would not resolve
   * there, and no default could know the provider's namespace, so provider-url is always passed.
   */
  @Test
  void providerUrlIsAlwaysPassedAndNeverAShortServiceName() {
    for (JsonNode template : TEMPLATES.ofKind("AnalysisTemplate")) {
      assertThat(AnalysisTemplateChecks.requiredArgs(template))
          .as(template.path("metadata").path("name").asText())
          .contains("provider-url");
    }
    Pattern shortName = Pattern.compile("https?://[a-z0-9-]+(:\\d+)?(/|\"|\\s|$)");
    for (String folder : new String[] {"analysis-templates", "rollouts"}) {
      for (java.nio.file.Path file : RepositoryFiles.yamlFiles(folder)) {
        assertThat(shortName.matcher(RepositoryFiles.read(file)).find())
            .as(file + " names a Service by its short name")
            .isFalse();
      }
    }
  }

  private static JsonNode metric(String template, String metric) {
    return AnalysisTemplateChecks.metric(TEMPLATES.named("AnalysisTemplate", template), metric);
  }

  private static void assertConditionsRead(JsonNode metric, java.util.Set<String> fields) {
    String conditions =
        metric.path("successCondition").asText() + " " + metric.path("failureCondition").asText();
    assertThat(AnalysisContract.resultFields(conditions)).isNotEmpty().isSubsetOf(fields);
  }

  private static java.util.Set<String> quoted(String text) {
    java.util.Set<String> found = new java.util.TreeSet<>();
    Matcher m = Pattern.compile("\"([^\"]*)\"").matcher(text);
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }
}
