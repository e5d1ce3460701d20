package io.kafkabluegreen.lifecycle;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.kafkabluegreen.lifecycle.lease.LeasePhase;
import io.kafkabluegreen.lifecycle.lease.LeaseState;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Optional;

/**
 * fabric8's mock API server in CRUD mode, which a test can stop (API down) and start again on the
 * same port with the same objects.
 */
final class MockKubernetes implements AutoCloseable {

  static final String NAMESPACE = "test";

  private final KubernetesCrudDispatcher dispatcher = new KubernetesCrudDispatcher();
  private KubernetesMockServer server;
  private final int port;
  private final KubernetesClient client;

  MockKubernetes() {
    server = newServer();
    server.init();
    port = server.getPort();
    client = server.createClient();
  }

  private KubernetesMockServer newServer() {
    return new KubernetesMockServer(
        new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
  }

  KubernetesClient client() {
    return client;
  }

  /** A new client on the same server, as another pod would have. */
  KubernetesClient newClient() {
    return server.createClient();
  }

  /** Makes the API server unreachable. */
  void stop() {
    server.destroy();
  }

  /** Brings the API server back on the same port with the same objects. */
  void restart() throws Exception {
    server = newServer();
    server.init(InetAddress.getByName("localhost"), port);
  }

  Optional<LeaseState> lease(String name) {
    Lease lease = client.leases().inNamespace(NAMESPACE).withName(name).get();
    return Optional.ofNullable(lease).map(LeaseState::decode);
  }

  /** Creates the Lease naming {@code holder} as Active. */
  void createLease(String name, String holder) {
    client
        .leases()
        .inNamespace(NAMESPACE)
        .resource(LeaseState.initial(NAMESPACE, name, holder))
        .create();
  }

  /** Writes the next Lease state (epoch + 1) as a compare-and-swap, as the provider does. */
  LeaseState setLease(String name, String holder, LeasePhase phase) {
    Lease current = client.leases().inNamespace(NAMESPACE).withName(name).get();
    LeaseState next = LeaseState.decode(current).next(holder, phase, "");
    Lease updated =
        client.leases().inNamespace(NAMESPACE).resource(next.encodeOnto(current)).update();
    return LeaseState.decode(updated);
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
