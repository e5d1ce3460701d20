package io.kafkabluegreen.tests.helm;

import static java.util.stream.Collectors.toSet;

import io.kafkabluegreen.provider.handover.HandoverPhase;
import io.kafkabluegreen.provider.handover.HandoverResult;
import io.kafkabluegreen.provider.lag.LagReport;
import io.kafkabluegreen.provider.lag.LagTotals;
import io.kafkabluegreen.provider.revision.RevisionHealth;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the AnalysisTemplates may rely on: the JSON fields analysis-provider answers with, taken
 * from the provider's own response records (so a renamed field fails here, not in a cluster), and
 * the fields Argo Rollouts v1.9's AnalysisTemplate schema knows (pkg/apis/rollouts/v1alpha1 {@code
 * Metric} and {@code WebMetric}). An unknown field would be pruned silently by the API server, so a
 * typo must fail here.
 */
final class AnalysisContract {

  /** {@code GET /v1/rollouts/{ns}/{rollout}/revisions/{hash}}. */
  static final Set<String> REVISION_FIELDS = jsonFields(RevisionHealth.class);

  /** {@code POST /v1/rollouts/{ns}/{rollout}/handover?to=HASH}. */
  static final Set<String> HANDOVER_FIELDS = jsonFields(HandoverResult.class);

  /** {@code GET /v1/lag?group=...}. */
  static final Set<String> LAG_FIELDS = jsonFields(LagReport.class);

  /** {@code GET /v1/lag?group=...&detail=totals}. */
  static final Set<String> LAG_TOTALS_FIELDS = jsonFields(LagTotals.class);

  /** The values of {@code phase} as they appear in the JSON answer. */
  static final Set<String> HANDOVER_PHASES =
      Arrays.stream(HandoverPhase.values()).map(HandoverPhase::wire).collect(toSet());

  static final Set<String> METRIC_FIELDS =
      Set.of(
          "name",
          "interval",
          "initialDelay",
          "count",
          "successCondition",
          "failureCondition",
          "failureLimit",
          "inconclusiveLimit",
          "consecutiveErrorLimit",
          "consecutiveSuccessLimit",
          "provider");

  static final Set<String> WEB_FIELDS =
      Set.of(
          "method",
          "url",
          "headers",
          "body",
          "timeoutSeconds",
          "jsonPath",
          "insecure",
          "jsonBody",
          "authentication");

  static final Set<String> WEB_METHODS = Set.of("GET", "POST", "PUT");

  /** The analysis-run argument sources a Rollout may use (v1alpha1 {@code ArgumentValueFrom}). */
  static final Set<String> ROLLOUT_ARG_SOURCES = Set.of("podTemplateHashValue", "fieldRef");

  private static final Pattern ARG_REFERENCE = Pattern.compile("\\{\\{\\s*args\\.([\\w-]+)\\s*}}");
  private static final Pattern RESULT_FIELD = Pattern.compile("\\bresult\\.(\\w+)");

  private AnalysisContract() {}

  /** Names of the {@code {{args.x}}} references in a piece of a template. */
  static Set<String> argReferences(String text) {
    return matches(ARG_REFERENCE, text);
  }

  /** Names of the {@code result.x} fields a condition reads. */
  static Set<String> resultFields(String condition) {
    return matches(RESULT_FIELD, condition);
  }

  /** A record's JSON field names: the provider serialises records by component name. */
  private static Set<String> jsonFields(Class<? extends Record> type) {
    return Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).collect(toSet());
  }

  private static Set<String> matches(Pattern pattern, String text) {
    Set<String> found = new TreeSet<>();
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }
}
