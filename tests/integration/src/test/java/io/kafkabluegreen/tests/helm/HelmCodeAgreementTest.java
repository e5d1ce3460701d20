package io.kafkabluegreen.tests.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kafkabluegreen.app.AppConfig;
import io.kafkabluegreen.provider.config.ProviderConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The chart, rollouts/ and the AnalysisTemplates agree with the code on main: they use only metric
 * names the code exports and environment variables the code reads, in formats it accepts, and the
 * provider answers within the templates' timeouts.
 */
class HelmCodeAgreementTest {

  private static final Pattern METRIC = Pattern.compile("kafka_bluegreen_[a-z0-9_]*[a-z0-9]");
  private static final Pattern HISTOGRAM_SERIES = Pattern.compile("(.+)_(bucket|count|sum)");
  private static final Pattern PRODUCT_ENV =
      Pattern.compile("(PROVIDER|APP|LIFECYCLE|POD|SELFCHECK)_\\w+");

  static Stream<Path> ciValuesFiles() {
    return HelmChartTest.ciValuesFiles();
  }

  @Test
  void everyMetricNameInTheChartIsExportedByTheCode() {
    Set<String> used = new TreeSet<>();
    for (Path file : deployableFiles()) {
      Matcher m = METRIC.matcher(RepositoryFiles.read(file));
      while (m.find()) {
        used.add(m.group());
      }
    }
    Set<String> exported = JavaSources.literals();

    List<String> unknown = used.stream().filter(name -> !isExported(name, exported)).toList();
    assertThat(used).as("the chart queries the product's metrics").hasSizeGreaterThan(5);
    assertThat(unknown).as("kafka_bluegreen_* names that no Java source exports").isEmpty();
  }

  @Test
  void everyEnvironmentVariableSetIsReadByTheCode() {
    Map<String, Set<String>> setBy = new HashMap<>();
    ciValuesFiles()
        .forEach(f -> collectEnv("chart " + f.getFileName(), ChartRenderer.render(f), setBy));
    collectEnv("chart example+monitoring", renderEverything(), setBy);
    collectEnv("rollouts/", Manifests.read(RepositoryFiles.yamlFiles("rollouts")), setBy);

    List<String> unknown = new ArrayList<>();
    setBy.forEach(
        (name, where) -> {
          if (!JavaSources.literals().contains(name)) {
            unknown.add(name + " (set by " + where + ")");
          }
        });
    assertThat(setBy)
        .as("product variables found")
        .containsKeys("PROVIDER_PORT", "APP_TOPICS", "SELFCHECK_PROVIDER_URL");
    assertThat(unknown).as("variables the manifests set but no Java source reads").isEmpty();
  }

  @ParameterizedTest
  @MethodSource("ciValuesFiles")
  void providerAcceptsTheEnvironmentTheChartGivesIt(Path valuesFile) {
    JsonNode provider =
        PodSpecs.container(ChartRenderer.render(valuesFile).one("Deployment"), "analysis-provider");

    ProviderConfig config = ProviderConfig.fromEnv(environment(provider));

    assertThat(config.handover().identity()).isEqualTo(POD_NAME);
    assertThat(config.watcher().leaderNamespace()).isEqualTo(ChartRenderer.NAMESPACE);
  }

  @Test
  void namespacedProviderWatchesItsOneNamespace() {
    JsonNode provider =
        PodSpecs.container(
            ChartRenderer.render(HelmSecurityTest.ci("namespaced-values.yaml")).one("Deployment"),
            "analysis-provider");

    assertThat(ProviderConfig.fromEnv(environment(provider)).watcher().namespace())
        .hasValue("orders");
  }

  /** Argo gives up on a web metric after timeoutSeconds: the provider must answer before that. */
  @Test
  void providerAnswersWithinTheTemplatesTimeouts() {
    Manifests chart = renderEverything();
    ProviderConfig config =
        ProviderConfig.fromEnv(
            environment(PodSpecs.container(chart.one("Deployment"), "analysis-provider")));
    Manifests files = Manifests.read(RepositoryFiles.yamlFiles("analysis-templates"));

    for (Manifests templates : List.of(chart, files)) {
      assertThat(config.handover().requestWait())
          .as("PROVIDER_HANDOVER_WAIT_MS below kafka-handover's timeoutSeconds")
          .isLessThan(timeout(templates, "kafka-handover", "handover"));
      assertThat(config.kafkaTimeout())
          .as("PROVIDER_KAFKA_TIMEOUT_MS below kafka-consumer-lag's timeoutSeconds")
          .isLessThan(timeout(templates, "kafka-consumer-lag", "consumer-lag"));
      Duration statusCall = config.lifecycle().requestTimeout();
      assertThat(statusCall)
          .as("PROVIDER_LIFECYCLE_TIMEOUT_MS below the revision templates' timeoutSeconds")
          .isLessThan(timeout(templates, "kafka-revision-ready", "revision-ready"))
          .isLessThan(timeout(templates, "kafka-revision-health", "revision-health"));
    }
  }

  @Test
  void consumerAcceptsTheEnvironmentOfBothRollouts() {
    List<JsonNode> rollouts = new ArrayList<>(renderEverything().ofKind("Rollout"));
    rollouts.addAll(Manifests.read(RepositoryFiles.yamlFiles("rollouts")).ofKind("Rollout"));

    assertThat(rollouts).hasSize(2);
    for (JsonNode rollout : rollouts) {
      AppConfig config =
          AppConfig.fromEnv(environment(PodSpecs.container(rollout, "consumer-app")));
      long grace =
          rollout
              .path("spec")
              .path("template")
              .path("spec")
              .path("terminationGracePeriodSeconds")
              .asLong();
      assertThat(config.lifecycle().hash()).isEqualTo(HASH);
      assertThat(config.lifecycle().drainTimeout())
          .as("a drain fits in the pod's termination grace period")
          .isLessThan(Duration.ofSeconds(grace));
    }
  }

  private static final String POD_NAME = "kafka-bluegreen-7d9f8-x2k4q";
  private static final String HASH = "6d5f7c9b8";

  /** A container's environment as the kubelet would give it: downward API and Secrets filled in. */
  private static Map<String, String> environment(JsonNode container) {
    Map<String, String> env = new HashMap<>();
    for (JsonNode var : container.path("env")) {
      String name = var.path("name").asText();
      JsonNode from = var.path("valueFrom");
      if (from.has("fieldRef")) {
        String field = from.path("fieldRef").path("fieldPath").asText();
        env.put(
            name,
            switch (field) {
              case "metadata.name" -> POD_NAME;
              case "metadata.namespace" -> ChartRenderer.NAMESPACE;
              case "metadata.labels['rollouts-pod-template-hash']" -> HASH;
              default -> throw new AssertionError("unexpected fieldRef " + field);
            });
      } else if (from.has("secretKeyRef")) {
        env.put(name, "token-from-the-secret");
      } else {
        env.put(name, var.path("value").asText());
      }
    }
    return env;
  }

  private static void collectEnv(String where, Manifests manifests, Map<String, Set<String>> into) {
    for (String kind : List.of("Deployment", "Rollout", "Pod")) {
      for (JsonNode workload : manifests.ofKind(kind)) {
        PodSpecs.stream(PodSpecs.podSpec(workload).path("containers"))
            .flatMap(c -> PodSpecs.stream(c.path("env")))
            .map(e -> e.path("name").asText())
            .filter(name -> PRODUCT_ENV.matcher(name).matches())
            .forEach(name -> into.computeIfAbsent(name, n -> new TreeSet<>()).add(where));
      }
    }
  }

  private static Manifests renderEverything() {
    return ChartRenderer.render(
        HelmSecurityTest.ci("example-values.yaml"), HelmSecurityTest.ci("monitoring-values.yaml"));
  }

  private static Duration timeout(Manifests templates, String template, String metric) {
    JsonNode web =
        AnalysisTemplateChecks.metric(templates.named("AnalysisTemplate", template), metric)
            .path("provider")
            .path("web");
    // Argo's default when the field is absent
    return Duration.ofSeconds(web.path("timeoutSeconds").asLong(10));
  }

  /** A histogram is queried through its _bucket/_count/_sum series. */
  private static boolean isExported(String name, Set<String> exported) {
    if (exported.contains(name)) {
      return true;
    }
    Matcher series = HISTOGRAM_SERIES.matcher(name);
    return series.matches() && exported.contains(series.group(1));
  }

  /** Every file of the chart and of rollouts/, whatever the values would render. */
  private static List<Path> deployableFiles() {
    List<Path> files = new ArrayList<>();
    for (String folder : List.of("helm/kafka-bluegreen", "rollouts")) {
      try (Stream<Path> walk = Files.walk(RepositoryFiles.root().resolve(folder))) {
        walk.filter(Files::isRegularFile).forEach(files::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return files;
  }
}
