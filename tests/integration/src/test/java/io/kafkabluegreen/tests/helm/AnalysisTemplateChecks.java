package io.kafkabluegreen.tests.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Set;

/**
 * Argo Rollouts v1.9's own rules for an AnalysisTemplate used by pre/post-promotion analyses (CRD
 * schema, {@code utils/analysis.ValidateMetric}, {@code validation_references.go}), applied to a
 * parsed template so that a mistake fails here rather than in a cluster.
 */
final class AnalysisTemplateChecks {

  private AnalysisTemplateChecks() {}

  static void assertValidForArgo(JsonNode template) {
    String name = template.path("metadata").path("name").asText();
    assertThat(template.path("apiVersion").asText()).as(name).isEqualTo("argoproj.io/v1alpha1");
    assertThat(template.path("kind").asText()).as(name).isEqualTo("AnalysisTemplate");
    Set<String> declared = declaredArgs(template);
    assertArgsWellFormed(template);
    Set<String> metricNames = new HashSet<>();
    for (JsonNode metric : template.path("spec").path("metrics")) {
      String where = name + "/" + metric.path("name").asText();
      assertThat(metricNames.add(metric.path("name").asText())).as(where + " unique").isTrue();
      assertThat(fieldNames(metric))
          .as(where + " fields")
          .isSubsetOf(AnalysisContract.METRIC_FIELDS);
      assertLimits(where, metric);
      assertWebProvider(where, metric.path("provider"));
      assertThat(AnalysisContract.argReferences(metric.toString()))
          .as(where + " references only declared args")
          .isSubsetOf(declared);
    }
    assertThat(metricNames).as(name + " has metrics").isNotEmpty();
  }

  static Set<String> declaredArgs(JsonNode template) {
    Set<String> names = new HashSet<>();
    template.path("spec").path("args").forEach(a -> names.add(a.path("name").asText()));
    return names;
  }

  /** Args the Rollout must pass: declared without a value or a valueFrom. */
  static Set<String> requiredArgs(JsonNode template) {
    Set<String> names = new HashSet<>();
    for (JsonNode arg : template.path("spec").path("args")) {
      if (!arg.has("value") && !arg.has("valueFrom")) {
        names.add(arg.path("name").asText());
      }
    }
    return names;
  }

  static JsonNode metric(JsonNode template, String name) {
    return PodSpecs.stream(template.path("spec").path("metrics"))
        .filter(m -> name.equals(m.path("name").asText()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no metric " + name));
  }

  private static void assertArgsWellFormed(JsonNode template) {
    for (JsonNode arg : template.path("spec").path("args")) {
      String where = template.path("metadata").path("name").asText() + " arg " + arg.path("name");
      assertThat(arg.has("value") && arg.has("valueFrom"))
          .as(where + " value xor valueFrom")
          .isFalse();
      assertThat(arg.path("value").isMissingNode() || arg.path("value").isTextual())
          .as(where + " value is a string")
          .isTrue();
      JsonNode secret = arg.path("valueFrom").path("secretKeyRef");
      if (!secret.isMissingNode()) {
        assertThat(fieldNames(secret)).as(where).containsExactlyInAnyOrder("name", "key");
      }
    }
  }

  /** {@code ValidateMetric}, and pre/post-promotion analyses may not run indefinitely. */
  private static void assertLimits(String where, JsonNode metric) {
    assertThat(metric.path("count").canConvertToInt()).as(where + " has a count").isTrue();
    int count = metric.path("count").asInt();
    int failureLimit = metric.path("failureLimit").asInt(0);
    int successLimit = metric.path("consecutiveSuccessLimit").asInt(0);
    assertThat(count).as(where + " count").isPositive();
    assertThat(failureLimit).as(where + " failureLimit").isGreaterThanOrEqualTo(-1);
    assertThat(successLimit).as(where + " consecutiveSuccessLimit").isNotNegative();
    assertThat(successLimit == 0 && failureLimit == -1).as(where + " some limit applies").isFalse();
    if (failureLimit >= 0) {
      assertThat(count)
          .as(where + " count >= failureLimit + consecutiveSuccessLimit")
          .isGreaterThanOrEqualTo(failureLimit + successLimit);
    } else {
      assertThat(count)
          .as(where + " count >= consecutiveSuccessLimit")
          .isGreaterThanOrEqualTo(successLimit);
    }
    assertThat(count)
        .as(where + " count >= inconclusiveLimit")
        .isGreaterThanOrEqualTo(metric.path("inconclusiveLimit").asInt(0));
    if (count > 1) {
      assertThat(metric.path("interval").asText())
          .as(where + " interval")
          .matches("\\d+(ms|s|m|h)");
    }
    if (metric.has("initialDelay")) {
      assertThat(metric.path("initialDelay").asText())
          .as(where + " initialDelay")
          .matches("\\d+(ms|s|m|h)");
    }
  }

  private static void assertWebProvider(String where, JsonNode provider) {
    assertThat(fieldNames(provider)).as(where + " provider").containsExactly("web");
    JsonNode web = provider.path("web");
    assertThat(fieldNames(web)).as(where + " web fields").isSubsetOf(AnalysisContract.WEB_FIELDS);
    assertThat(web.path("url").asText()).as(where + " url").isNotBlank();
    String method = web.path("method").asText("GET");
    assertThat(method).as(where + " method").isIn(AnalysisContract.WEB_METHODS);
    if (method.equals("GET")) {
      assertThat(web.has("body") || web.has("jsonBody")).as(where + " GET has no body").isFalse();
    }
    for (JsonNode header : web.path("headers")) {
      assertThat(fieldNames(header))
          .as(where + " header")
          .containsExactlyInAnyOrder("key", "value");
    }
    if (web.has("timeoutSeconds")) {
      assertThat(web.path("timeoutSeconds").isInt())
          .as(where + " timeoutSeconds is a number")
          .isTrue();
      assertThat(web.path("timeoutSeconds").asInt()).as(where + " timeoutSeconds").isPositive();
    }
  }

  static Set<String> fieldNames(JsonNode node) {
    Set<String> names = new HashSet<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
