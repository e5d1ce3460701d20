package io.kafkabluegreen.tests.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kafkabluegreen.provider.selfcheck.SelfCheckOptions;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The {@code helm test} hook: a Pod running the provider's image with the self-check main class,
 * pointed at this release's Service, hardened like the provider, and admitted by its NetworkPolicy.
 */
class HelmTestPodTest {

  static final String MAIN_CLASS = "io.kafkabluegreen.provider.selfcheck.SelfCheck";

  private final Manifests chart = ChartRenderer.render();
  private final JsonNode pod = chart.one("Pod");
  private final JsonNode container = PodSpecs.container(pod, "selfcheck");

  @Test
  void isAHelmTestHookThatIsReplacedOnRerunAndRemovedWhenItPasses() {
    JsonNode metadata = pod.path("metadata");

    assertThat(metadata.path("name").asText()).isEqualTo("kafka-bluegreen-test");
    assertThat(metadata.path("namespace").asText()).isEqualTo(ChartRenderer.NAMESPACE);
    assertThat(metadata.path("annotations").path(ChartRenderer.HOOK_KEY).asText())
        .as("helm.sh/hook")
        .isEqualTo("test");
    assertThat(metadata.path("annotations").path("helm.sh/hook-delete-policy").asText())
        .isEqualTo("before-hook-creation,hook-succeeded");
    assertThat(pod.path("spec").path("restartPolicy").asText()).isEqualTo("Never");
  }

  @Test
  void runsTheProvidersImageWithTheSelfCheckMainClassFromJibsClasspathFile() throws Exception {
    JsonNode provider = PodSpecs.container(chart.one("Deployment"), "analysis-provider");

    assertThat(container.path("image")).isEqualTo(provider.path("image"));
    assertThat(container.path("imagePullPolicy")).isEqualTo(provider.path("imagePullPolicy"));
    assertThat(strings(container.path("command")))
        .containsExactly("java", "-cp", "@/app/jib-classpath-file", MAIN_CLASS);
    assertThat(container.has("args")).isFalse();
    Method main = Class.forName(MAIN_CLASS).getMethod("main", String[].class);
    assertThat(Modifier.isStatic(main.getModifiers())).as("a real main method").isTrue();
  }

  @Test
  void callsThisReleasesServiceByItsFullyQualifiedNameAboutTheConfiguredGroup() {
    JsonNode service = chart.one("Service");
    SelfCheckOptions options = SelfCheckOptions.fromEnv(environment(container));

    assertThat(options.providerUrl())
        .hasToString(
            "http://"
                + service.path("metadata").path("name").asText()
                + "."
                + ChartRenderer.NAMESPACE
                + ".svc:"
                + service.path("spec").path("ports").get(0).path("port").asInt());
    // tests.lagGroup is empty by default: the example consumer's group (example.group)
    assertThat(options.group()).isEqualTo("orders-processor");
    assertThat(options.timeout()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void valuesChooseTheGroupTheUrlAndTheBound() {
    JsonNode custom =
        PodSpecs.container(
            ChartRenderer.render(HelmSecurityTest.ci("outside-controller-values.yaml")).one("Pod"),
            "selfcheck");

    SelfCheckOptions options = SelfCheckOptions.fromEnv(environment(custom));

    assertThat(options.providerUrl()).hasToString("http://127.0.0.1:18080");
    assertThat(options.group()).isEqualTo("payments-processor");
    assertThat(options.timeout()).isEqualTo(Duration.ofMillis(5000));
  }

  @Test
  void isHardenedLikeTheProviderAndNeedsNoKubernetesApi() {
    JsonNode deployment = chart.one("Deployment");
    JsonNode provider = PodSpecs.container(deployment, "analysis-provider");

    assertThat(pod.path("spec").path("automountServiceAccountToken").asBoolean(true)).isFalse();
    assertThat(pod.path("spec").path("securityContext"))
        .isEqualTo(PodSpecs.podSpec(deployment).path("securityContext"));
    assertThat(pod.path("spec").path("securityContext").path("runAsUser").asInt()).isEqualTo(10001);
    assertThat(container.path("securityContext")).isEqualTo(provider.path("securityContext"));
    assertThat(container.path("securityContext").path("readOnlyRootFilesystem").asBoolean())
        .isTrue();
    assertThat(strings(container.path("securityContext").path("capabilities").path("drop")))
        .containsExactly("ALL");
    assertThat(container.path("volumeMounts").toString())
        .isEqualTo("[{\"name\":\"tmp\",\"mountPath\":\"/tmp\"}]");
    assertThat(pod.path("spec").path("volumes").get(0).path("emptyDir").isObject()).isTrue();
    assertThat(container.path("resources").path("limits").path("memory").asText())
        .isEqualTo("256Mi");
  }

  @Test
  void canBeLeftOutAndThenTheNetworkPolicyAdmitsNoTestPod() {
    Manifests without = ChartRenderer.render(Map.of("tests.enabled", false));

    assertThat(without.has("Pod")).isFalse();
    assertThat(without.one("NetworkPolicy").path("spec").path("ingress").get(0).path("from"))
        .hasSize(2);
    assertThat(ChartRenderer.render(HelmSecurityTest.ci("minimal-values.yaml")).has("Pod"))
        .isFalse();
  }

  @Test
  void notesTellHowToRunTheTestOnlyWhenThereIsOne() {
    assertThat(ChartRenderer.notes(Map.of()))
        .contains("helm test kafka-bluegreen -n shop")
        .contains("logs kafka-bluegreen-test");
    assertThat(ChartRenderer.notes(Map.of("tests.enabled", false))).doesNotContain("helm test");
  }

  /** Only literal values: the test Pod reads no Secret and no downward API. */
  private static Map<String, String> environment(JsonNode container) {
    Map<String, String> env = new HashMap<>();
    for (JsonNode var : container.path("env")) {
      assertThat(var.has("valueFrom")).as(var.toString()).isFalse();
      env.put(var.path("name").asText(), var.path("value").asText());
    }
    return env;
  }

  private static List<String> strings(JsonNode array) {
    return PodSpecs.stream(array).map(JsonNode::asText).toList();
  }
}
