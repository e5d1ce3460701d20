package io.kafkabluegreen.tests.e2e.helm;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kafkabluegreen.tests.e2e.E2eCluster;
import io.kafkabluegreen.tests.e2e.rollouts.Rollouts;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * analysis-provider as a user installs it: the repository's chart, released as {@code
 * kafka-bluegreen} into the consumer's namespace with the values a small installation gives (its
 * Kafka, a namespaced Role instead of a ClusterRole, one replica). Its pods run from the provider's
 * image under the chart's ServiceAccount, so the API server's RBAC decides what it may do.
 */
public final class ProviderRelease implements AutoCloseable {

  /** Release name; the chart then names everything {@code kafka-bluegreen}. */
  public static final String NAME = "kafka-bluegreen";

  static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(3);

  private final KubernetesClient client;
  private final ChartRelease release;

  private ProviderRelease(KubernetesClient client, ChartRelease release) {
    this.client = client;
    this.release = release;
  }

  /**
   * The values of a namespaced installation against {@code bootstrapServers}, plus {@code extra}.
   */
  public static Map<String, Object> values(String bootstrapServers, Map<String, ?> extra) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("kafka.bootstrapServers", bootstrapServers);
    values.put("provider.replicaCount", 1);
    values.put("rbac.clusterWide", false);
    values.putAll(extra);
    return values;
  }

  /** Installs the chart into {@code namespace} and waits until the provider is Ready. */
  public static ProviderRelease install(
      E2eCluster cluster, String namespace, String bootstrapServers, Map<String, ?> extra) {
    ChartRelease release =
        new ChartRelease(
            E2eCluster.repo().resolve("helm/kafka-bluegreen"),
            cluster.controlPlane().kubeconfig(),
            namespace,
            NAME);
    release.install(values(bootstrapServers, extra), INSTALL_TIMEOUT);
    return new ProviderRelease(cluster.client(), release);
  }

  public ChartRelease release() {
    return release;
  }

  /** The Ready provider pods. */
  public List<Pod> readyPods() {
    return client
        .pods()
        .inNamespace(release.namespace())
        .withLabel("app.kubernetes.io/instance", NAME)
        .withLabel("app.kubernetes.io/component", "analysis-provider")
        .list()
        .getItems()
        .stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .filter(Rollouts::ready)
        .toList();
  }

  /**
   * The URL Argo's analyses call. Services do not route in this tier (no kube-proxy), so it is a
   * Ready pod's address, which is what the Service would forward to.
   */
  public String baseUrl() {
    Pod pod =
        readyPods().stream()
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("no Ready provider pod"));
    int port =
        pod.getSpec().getContainers().get(0).getPorts().stream()
            .filter(p -> "http".equals(p.getName()))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("the provider pod has no http port"))
            .getContainerPort();
    return "http://" + pod.getStatus().getPodIP() + ":" + port;
  }

  /** The provider's bearer token, as the chart generated it into its Secret. */
  public String authToken() {
    return secretValue("auth-token");
  }

  /** The token the provider sends to the consumers' lifecycle endpoints. */
  public String lifecycleToken() {
    return secretValue("lifecycle-token");
  }

  private String secretValue(String key) {
    Secret secret = client.secrets().inNamespace(release.namespace()).withName(NAME).get();
    return new String(
        Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    release.uninstall();
  }
}
