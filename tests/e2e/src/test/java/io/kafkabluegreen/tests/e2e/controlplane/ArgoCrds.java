package io.kafkabluegreen.tests.e2e.controlplane;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Installs Argo Rollouts' five CRDs (copied from the argo-rollouts module by {@code build-bins.sh})
 * and waits until each is Established. The controller waits for informers on all five, so all are
 * needed even though the tests use only Rollouts and AnalysisTemplates/Runs.
 */
final class ArgoCrds {

  private static final List<String> FILES =
      List.of(
          "rollout-crd.yaml",
          "experiment-crd.yaml",
          "analysis-run-crd.yaml",
          "analysis-template-crd.yaml",
          "cluster-analysis-template-crd.yaml");

  private ArgoCrds() {}

  /**
   * Creates each CRD (a plain create: client-side apply would copy the 200 KB file into an
   * annotation) and waits for {@code Established}. Each create makes the API server rebuild its
   * OpenAPI document, the slowest part of a control-plane start.
   */
  static void install(KubernetesClient client, Path dir, Duration timeout) {
    var crds = client.apiextensions().v1().customResourceDefinitions();
    for (String file : FILES) {
      try (InputStream in = Files.newInputStream(dir.resolve(file))) {
        crds.resource(crds.load(in).item()).create();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    for (CustomResourceDefinition crd : crds.list().getItems()) {
      crds.withName(crd.getMetadata().getName())
          .waitUntilCondition(ArgoCrds::established, timeout.toSeconds(), TimeUnit.SECONDS);
    }
  }

  private static boolean established(CustomResourceDefinition crd) {
    return crd != null
        && crd.getStatus() != null
        && crd.getStatus().getConditions().stream()
            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
