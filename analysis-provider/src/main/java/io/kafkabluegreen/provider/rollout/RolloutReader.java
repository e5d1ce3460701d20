package io.kafkabluegreen.provider.rollout;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.kafkabluegreen.common.http.ApiException;
import java.time.Duration;

/**
 * Reads Argo Rollouts ({@code argoproj.io/v1alpha1}) as generic resources, so that the provider
 * needs neither Argo's model classes nor its CRD on the classpath.
 */
public final class RolloutReader {

  public static final ResourceDefinitionContext ROLLOUTS =
      new ResourceDefinitionContext.Builder()
          .withGroup("argoproj.io")
          .withVersion("v1alpha1")
          .withPlural("rollouts")
          .withKind("Rollout")
          .withNamespaced(true)
          .build();

  private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

  private final KubernetesClient client;

  public RolloutReader(KubernetesClient client) {
    this.client = client;
  }

  /**
   * The managed Rollout, for an HTTP request.
   *
   * @throws ApiException 404 when it does not exist or is not annotated with a consumer group, 400
   *     when its annotations are invalid, 503 when the API server cannot be reached
   */
  public ManagedRollout require(RolloutRef ref) {
    GenericKubernetesResource rollout;
    try {
      rollout =
          client
              .genericKubernetesResources(ROLLOUTS)
              .inNamespace(ref.namespace())
              .withName(ref.name())
              .get();
    } catch (KubernetesClientException e) {
      throw ApiException.unavailable(
          "Kubernetes API unreachable while reading Rollout " + ref, RETRY_AFTER, e);
    }
    if (rollout == null) {
      throw ApiException.notFound("Rollout " + ref + " does not exist");
    }
    if (!ManagedRollout.isManaged(rollout)) {
      throw ApiException.notFound(
          "Rollout "
              + ref
              + " is not managed: it has no "
              + ManagedRollout.GROUP_ANNOTATION
              + " annotation");
    }
    try {
      return ManagedRollout.from(rollout);
    } catch (InvalidRolloutException e) {
      throw ApiException.badRequest(e.getMessage(), e.problems());
    }
  }
}
