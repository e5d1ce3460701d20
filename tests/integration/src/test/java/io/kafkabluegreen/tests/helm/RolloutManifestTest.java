package io.kafkabluegreen.tests.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The files of rollouts/ honour the contract the provider and Argo Rollouts rely on. */
class RolloutManifestTest {

  private static final Manifests ROLLOUTS = Manifests.read(RepositoryFiles.yamlFiles("rollouts"));
  private static final Manifests TEMPLATES =
      Manifests.read(RepositoryFiles.yamlFiles("analysis-templates"));

  private final JsonNode rollout = ROLLOUTS.one("Rollout");
  private final JsonNode container = PodSpecs.container(rollout, "consumer-app");

  @Test
  void isAnArgoBlueGreenRolloutWithActiveAndPreviewServices() {
    assertThat(rollout.path("apiVersion").asText()).isEqualTo("argoproj.io/v1alpha1");
    JsonNode blueGreen = rollout.path("spec").path("strategy").path("blueGreen");
    assertThat(blueGreen.isObject()).isTrue();
    assertThat(blueGreen.path("scaleDownDelaySeconds").asInt(-1)).isBetween(0, 30);
    assertThat(
            PodSpecs.selects(
                rollout.path("spec").path("selector").path("matchLabels"),
                PodSpecs.podLabels(rollout)))
        .isTrue();
    RolloutChecks.assertServices(rollout, ROLLOUTS);
  }

  @Test
  void annotationsNameTheConsumersOwnGroupLeaseAndPort() {
    RolloutChecks.assertAnnotationsMatchConsumer(rollout, container);
    assertThat(rollout.path("metadata").path("annotations").path(RolloutChecks.STRATEGY).asText())
        .isEqualTo("pause-resume");
    assertThat(PodSpecs.envValue(container, "LIFECYCLE_GROUP_MODE")).isEqualTo("shared");
  }

  @Test
  void podLearnsItsColorFromTheDownwardApiAndItsTokenFromASecret() {
    RolloutChecks.assertPodContract(rollout, container);
    for (String env : new String[] {"KAFKA_BOOTSTRAP_SERVERS", "APP_TOPICS", "APP_AUDIT_TOPIC"}) {
      assertThat(PodSpecs.envValue(container, env)).as(env).isNotBlank();
    }
  }

  @Test
  void consumerMayOnlyReadWatchAndCreateItsLease() {
    RolloutChecks.assertConsumerRbac(rollout, ROLLOUTS);
  }

  @Test
  void analysesPassEveryArgumentTheirTemplatesNeed() {
    Map<String, JsonNode> templates =
        TEMPLATES.ofKind("AnalysisTemplate").stream()
            .collect(
                Collectors.toMap(
                    t -> t.path("metadata").path("name").asText(), Function.identity()));

    assertThat(RolloutChecks.assertAnalyses(rollout, templates))
        .isSubsetOf(RolloutChecks.OWNED_ELSEWHERE);
  }

  /**
   * `helm install kafka-bluegreen helm/kafka-bluegreen -n shop` is what these expect: the provider
   * URL is the fully qualified one the chart gives its own example in that namespace, since Argo
   * calls it from the controller's namespace.
   */
  @Test
  void providerUrlAndSecretsAreThoseOfTheChartsDefaultRelease() {
    Manifests chart = ChartRenderer.render();
    JsonNode service = chart.one("Service");
    JsonNode secret = chart.one("Secret");
    String url =
        "http://"
            + service.path("metadata").path("name").asText()
            + "."
            + ChartRenderer.NAMESPACE
            + ".svc:"
            + service.path("spec").path("ports").get(0).path("port").asText();
    String chartsOwn =
        RolloutChecks.rolloutArgs(
                ChartRenderer.render(Map.of("example.enabled", true))
                    .one("Rollout")
                    .path("spec")
                    .path("strategy")
                    .path("blueGreen")
                    .path("prePromotionAnalysis"))
            .get("provider-url")
            .path("value")
            .asText();
    assertThat(url).isEqualTo(chartsOwn);
    JsonNode blueGreen = rollout.path("spec").path("strategy").path("blueGreen");
    for (String analysis : new String[] {"prePromotionAnalysis", "postPromotionAnalysis"}) {
      assertThat(
              RolloutChecks.rolloutArgs(blueGreen.path(analysis))
                  .get("provider-url")
                  .path("value")
                  .asText())
          .isEqualTo(url);
    }
    JsonNode lifecycleToken =
        PodSpecs.env(container, "LIFECYCLE_AUTH_TOKEN")
            .orElseThrow()
            .path("valueFrom")
            .path("secretKeyRef");
    assertThat(lifecycleToken.path("name").asText())
        .isEqualTo(secret.path("metadata").path("name").asText());
    assertThat(secret.path("data").has(lifecycleToken.path("key").asText())).isTrue();
    JsonNode tokenArg =
        PodSpecs.stream(
                TEMPLATES.named("AnalysisTemplate", "kafka-handover").path("spec").path("args"))
            .filter(a -> a.path("name").asText().equals("token"))
            .findFirst()
            .orElseThrow()
            .path("valueFrom")
            .path("secretKeyRef");
    assertThat(tokenArg.path("name").asText())
        .isEqualTo(secret.path("metadata").path("name").asText());
    assertThat(secret.path("data").has(tokenArg.path("key").asText())).isTrue();
  }
}
