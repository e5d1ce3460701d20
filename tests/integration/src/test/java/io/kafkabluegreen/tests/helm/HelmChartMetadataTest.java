package io.kafkabluegreen.tests.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Chart.yaml states what the chart needs and ships: the images of this build (appVersion is the
 * Maven version they are tagged with), the lowest Kubernetes, and the lowest Argo Rollouts whose
 * CRDs accept the AnalysisTemplates.
 */
class HelmChartMetadataTest {

  private final JsonNode chart = read(RepositoryFiles.chart().resolve("Chart.yaml"));
  private final String readme = RepositoryFiles.read(RepositoryFiles.chart().resolve("README.md"));

  @Test
  void appVersionIsTheMavenVersionTheImagesAreTaggedWith() throws Exception {
    String projectVersion = projectVersion(RepositoryFiles.root().resolve("pom.xml"));

    assertThat(projectVersion).isNotBlank();
    assertThat(chart.path("appVersion").asText()).isEqualTo(projectVersion);
    assertThat(readme).contains("AppVersion: " + projectVersion);
    JsonNode rollout = Manifests.read(RepositoryFiles.yamlFiles("rollouts")).one("Rollout");
    assertThat(PodSpecs.container(rollout, "consumer-app").path("image").asText())
        .as("rollouts/ runs the image of this build")
        .isEqualTo("kafka-bluegreen/consumer-app:" + projectVersion);
  }

  @Test
  void imagesDefaultToTheAppVersion() {
    Manifests rendered = ChartRenderer.render(HelmSecurityTest.ci("example-values.yaml"));
    String appVersion = chart.path("appVersion").asText();

    assertThat(PodSpecs.container(rendered.one("Deployment"), "analysis-provider").path("image"))
        .hasToString("\"kafka-bluegreen/analysis-provider:" + appVersion + "\"");
    assertThat(PodSpecs.container(rendered.one("Pod"), "selfcheck").path("image"))
        .hasToString("\"kafka-bluegreen/analysis-provider:" + appVersion + "\"");
    assertThat(PodSpecs.container(rendered.one("Rollout"), "consumer-app").path("image"))
        .hasToString("\"kafka-bluegreen/consumer-app:" + appVersion + "\"");
  }

  /** Helm refuses the chart below its floor: helm-java's template claims Kubernetes 1.20. */
  @Test
  void helmRefusesAKubernetesBelowTheFloor() {
    assertThatThrownBy(ChartRenderer::renderTheChartAsItIs)
        .hasMessageContaining(
            "chart requires kubeVersion: >=1.21.0-0 which is incompatible with Kubernetes "
                + ChartRenderer.HELM_JAVA_KUBE_VERSION);
  }

  /** policy/v1 PodDisruptionBudget and the kubernetes.io/metadata.name label: Kubernetes 1.21. */
  @Test
  void kubeVersionIsTheFloorOfTheApisUsed() {
    Manifests everything =
        ChartRenderer.render(
            HelmSecurityTest.ci("example-values.yaml"), HelmSecurityTest.ci("ha-values.yaml"));

    assertThat(chart.path("kubeVersion").asText()).isEqualTo(">=1.21.0-0");
    assertThat(everything.one("PodDisruptionBudget").path("apiVersion").asText())
        .isEqualTo("policy/v1");
    assertThat(everything.one("NetworkPolicy").toString()).contains("kubernetes.io/metadata.name");
    assertThat(readme).contains("Kubernetes ≥ 1.21");
  }

  /** consecutiveSuccessLimit came in Argo Rollouts 1.8; the 1.7 CRD rejects the templates. */
  @Test
  void argoRolloutsFloorIsTheOneThatAcceptsTheTemplates() {
    Manifests templates = Manifests.read(RepositoryFiles.yamlFiles("analysis-templates"));

    assertThat(templates.text()).contains("consecutiveSuccessLimit");
    assertThat(chart.path("annotations").path("kafka-bluegreen.io/argo-rollouts-version").asText())
        .isEqualTo(">=1.8.0");
    assertThat(readme).contains("Argo Rollouts ≥ 1.8");
    assertThat(RepositoryFiles.read(RepositoryFiles.root().resolve("rollouts/README.md")))
        .contains("Argo Rollouts ≥ 1.8");
  }

  private static String projectVersion(Path pom) throws Exception {
    Element project =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(pom.toFile())
            .getDocumentElement();
    for (Node child = project.getFirstChild(); child != null; child = child.getNextSibling()) {
      if ("version".equals(child.getNodeName())) {
        return child.getTextContent().strip();
      }
    }
    throw new AssertionError("no <version> in " + pom);
  }

  private static JsonNode read(Path file) {
    try {
      return Manifests.YAML.readTree(file.toFile());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
