package io.kafkabluegreen.app;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.kafkabluegreen.lifecycle.lease.LeasePhase;
import io.kafkabluegreen.lifecycle.lease.LeaseState;
import java.util.HashMap;
import java.util.Map;

/** fabric8's mock API server in CRUD mode, reachable by child processes too. */
final class MockKubernetes implements AutoCloseable {

  static final String NAMESPACE = "test";

  private final KubernetesMockServer server =
      new KubernetesMockServer(
          new Context(),
          new MockWebServer(),
          new HashMap<>(),
          new KubernetesCrudDispatcher(),
          false);
  private final KubernetesClient client;

  MockKubernetes() {
    server.init();
    client = server.createClient();
  }

  KubernetesClient client() {
    return client;
  }

  /** fabric8 environment variables that point a child process's client at this server. */
  Map<String, String> clientEnv() {
    return Map.of(
        "KUBERNETES_MASTER", "http://localhost:" + server.getPort(),
        "KUBERNETES_NAMESPACE", NAMESPACE,
        "KUBERNETES_TRUST_CERTIFICATES", "true",
        "KUBERNETES_AUTH_TRYKUBECONFIG", "false",
        "KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false");
  }

  void createLease(String name, String holder) {
    client
        .leases()
        .inNamespace(NAMESPACE)
        .resource(LeaseState.initial(NAMESPACE, name, holder))
        .create();
  }

  LeaseState setLease(String name, String holder, LeasePhase phase) {
    Lease current = client.leases().inNamespace(NAMESPACE).withName(name).get();
    LeaseState next = LeaseState.decode(current).next(holder, phase, "");
    return LeaseState.decode(
        client.leases().inNamespace(NAMESPACE).resource(next.encodeOnto(current)).update());
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
