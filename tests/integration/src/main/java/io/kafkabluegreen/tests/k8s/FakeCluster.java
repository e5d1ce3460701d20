package io.kafkabluegreen.tests.k8s;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.kafkabluegreen.lifecycle.lease.LeaseState;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Kubernetes API for local runs: fabric8's mock server in CRUD mode (it stores what it is sent,
 * answers gets, lists and watches, and rejects stale {@code resourceVersion}s with 409, so Lease
 * compare-and-swap behaves as on a real API server). It holds the Pods of the local consumer
 * processes ({@link PodObjects}), the Rollout whose status the test moves as Argo would ({@link
 * RolloutObjects}) and the active-color Lease.
 *
 * <p>Child processes reach it through fabric8's auto-configuration: {@link #clientEnvironment()}.
 */
public final class FakeCluster implements AutoCloseable {

  /** The Rollout kind with its status subresource, so status and spec updates stay apart. */
  public static final CustomResourceDefinitionContext ROLLOUTS =
      new CustomResourceDefinitionContext.Builder()
          .withGroup("argoproj.io")
          .withVersion("v1alpha1")
          .withPlural("rollouts")
          .withKind("Rollout")
          .withScope("Namespaced")
          .withStatusSubresource(true)
          .build();

  /**
   * The mock server logs every request at INFO through JUL; kept referenced so the level sticks.
   */
  private static final java.util.logging.Logger MOCK_LOG = quiet("io.fabric8.mockwebserver");

  private final KubernetesMockServer server;
  private final KubernetesClient client;
  private final String namespace;

  private FakeCluster(KubernetesMockServer server, String namespace) {
    this.server = server;
    this.namespace = namespace;
    this.client = new KubernetesClientBuilder().withConfig(config()).build();
  }

  /** Starts an empty API server on a free loopback port. */
  public static FakeCluster start(String namespace) {
    MOCK_LOG.fine("starting a mock API server");
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(List.of(ROLLOUTS)),
            false);
    try {
      server.init(InetAddress.getByName("127.0.0.1"), 0);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
    return new FakeCluster(server, namespace);
  }

  private static java.util.logging.Logger quiet(String name) {
    java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
    logger.setLevel(java.util.logging.Level.WARNING);
    return logger;
  }

  /** {@code http://127.0.0.1:<port>/}. */
  public String masterUrl() {
    return server.url("/");
  }

  public String namespace() {
    return namespace;
  }

  /** A client of this API server, in {@link #namespace()}. */
  public KubernetesClient client() {
    return client;
  }

  /** A fresh client configuration for an in-process component (e.g. the provider under test). */
  public Config config() {
    return new ConfigBuilder(Config.empty())
        .withMasterUrl(masterUrl())
        .withNamespace(namespace)
        .withTrustCerts(true)
        .withHttp2Disable(true)
        .withRequestTimeout(10_000)
        .build();
  }

  /**
   * The environment that makes fabric8's auto-configuration in a child process talk to this server
   * and nothing else (no kubeconfig, no service account).
   */
  public Map<String, String> clientEnvironment() {
    return Map.of(
        "KUBERNETES_MASTER", masterUrl(),
        "KUBERNETES_NAMESPACE", namespace,
        "KUBERNETES_AUTH_TRYKUBECONFIG", "false",
        "KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false",
        "KUBERNETES_TRUST_CERTIFICATES", "true",
        "KUBERNETES_HTTP2_DISABLE", "true");
  }

  public PodObjects pods() {
    return new PodObjects(client, namespace);
  }

  public RolloutObjects rollouts() {
    return new RolloutObjects(client, namespace);
  }

  /** Creates the active-color Lease naming {@code holder} Active at epoch 1. */
  public void createLease(String name, String holder) {
    client
        .leases()
        .inNamespace(namespace)
        .resource(LeaseState.initial(namespace, name, holder))
        .create();
  }

  /** The Lease as both sides of the handover read it, or empty if it does not exist. */
  public Optional<LeaseState> lease(String name) {
    Lease lease = client.leases().inNamespace(namespace).withName(name).get();
    return Optional.ofNullable(lease).map(LeaseState::decode);
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
