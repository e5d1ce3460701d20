package io.kafkabluegreen.provider.support;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.kafkabluegreen.lifecycle.lease.LeasePhase;
import io.kafkabluegreen.lifecycle.lease.LeaseState;
import io.kafkabluegreen.provider.rollout.ManagedRollout;
import io.kafkabluegreen.provider.rollout.PodHash;
import io.kafkabluegreen.provider.rollout.RolloutReader;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A fabric8 mock API server in CRUD mode holding the objects the provider reads: Rollouts (as
 * generic resources), Pods with IPs and readiness, and Leases.
 */
public final class KubernetesFixture implements AutoCloseable {

  private final KubernetesMockServer server;
  private final KubernetesClient client;

  public KubernetesFixture() {
    server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(List.of()),
            false);
    server.init();
    client = server.createClient();
  }

  public KubernetesClient client() {
    return client;
  }

  /** A second client on the same server, as another provider replica would have. */
  public KubernetesClient newClient() {
    return server.createClient();
  }

  /** Creates a managed Rollout with selector {@code app=<name>} and the given status. */
  public GenericKubernetesResource rollout(
      String namespace, String name, Map<String, String> annotations, String activeSelector) {
    GenericKubernetesResource rollout = new GenericKubernetesResource();
    rollout.setApiVersion("argoproj.io/v1alpha1");
    rollout.setKind("Rollout");
    rollout.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace(namespace)
            .withName(name)
            .withAnnotations(annotations)
            .build());
    rollout.setAdditionalProperty(
        "spec", Map.of("selector", Map.of("matchLabels", Map.of("app", name))));
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("stableRS", activeSelector);
    status.put("currentPodHash", activeSelector);
    status.put("phase", "Healthy");
    status.put("blueGreen", Map.of("activeSelector", activeSelector));
    rollout.setAdditionalProperty("status", status);
    return client.genericKubernetesResources(RolloutReader.ROLLOUTS).resource(rollout).create();
  }

  public GenericKubernetesResource rollout(
      String namespace, String name, String group, String active) {
    return rollout(namespace, name, Map.of(ManagedRollout.GROUP_ANNOTATION, group), active);
  }

  /** Changes the Rollout's status the way Argo would (promote, abort, undo). */
  @SuppressWarnings("unchecked")
  public void editStatus(String namespace, String name, Consumer<Map<String, Object>> edit) {
    client
        .genericKubernetesResources(RolloutReader.ROLLOUTS)
        .inNamespace(namespace)
        .withName(name)
        .edit(
            r -> {
              Map<String, Object> status =
                  new LinkedHashMap<>(
                      (Map<String, Object>) r.getAdditionalProperties().get("status"));
              edit.accept(status);
              r.setAdditionalProperty("status", status);
              return r;
            });
  }

  /** Promotion: the active selector moves to {@code hash}. */
  public void promote(String namespace, String name, String hash) {
    editStatus(
        namespace,
        name,
        s -> {
          s.put("blueGreen", Map.of("activeSelector", hash));
          s.put("currentPodHash", hash);
          s.put("abort", false);
        });
  }

  /** Abort: Argo sets abort and points the active selector back at the stable revision. */
  public void abort(String namespace, String name) {
    editStatus(
        namespace,
        name,
        s -> {
          s.put("abort", true);
          s.put("blueGreen", Map.of("activeSelector", s.get("stableRS")));
        });
  }

  /** A Running, Ready pod of revision {@code hash} of Rollout {@code app} at {@code ip:port}. */
  public Pod pod(String namespace, String app, String hash, String name, String ip, int port) {
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withNamespace(namespace)
            .withName(name)
            .withLabels(Map.of("app", app, PodHash.LABEL, hash))
            .withAnnotations(Map.of(ManagedRollout.PORT_ANNOTATION, Integer.toString(port)))
            .endMetadata()
            .withNewStatus()
            .withPhase("Running")
            .withPodIP(ip)
            .addNewCondition()
            .withType("Ready")
            .withStatus("True")
            .endCondition()
            .endStatus()
            .build();
    return client.pods().inNamespace(namespace).resource(pod).create();
  }

  public void setReady(String namespace, String name, boolean ready) {
    client
        .pods()
        .inNamespace(namespace)
        .withName(name)
        .edit(
            p -> {
              p.getStatus().getConditions().get(0).setStatus(ready ? "True" : "False");
              return p;
            });
  }

  public void deletePod(String namespace, String name) {
    client.pods().inNamespace(namespace).withName(name).delete();
  }

  /** Writes the Lease as given, creating it if needed; {@code writtenAt} is its renewTime. */
  public Lease lease(
      String namespace,
      String name,
      String holder,
      LeasePhase phase,
      String target,
      long epoch,
      ZonedDateTime writtenAt) {
    Lease existing = client.leases().inNamespace(namespace).withName(name).get();
    Lease base =
        existing != null
            ? existing
            : new LeaseBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .endSpec()
                .build();
    Lease encoded =
        new LeaseState(holder, phase, target, epoch, base.getMetadata().getResourceVersion())
            .encodeOnto(base);
    encoded.getSpec().setRenewTime(writtenAt);
    return existing == null
        ? client.leases().inNamespace(namespace).resource(encoded).create()
        : client.leases().inNamespace(namespace).resource(encoded).update();
  }

  public Lease activeLease(String namespace, String name, String holder) {
    return lease(namespace, name, holder, LeasePhase.ACTIVE, "", 1, ZonedDateTime.now());
  }

  public LeaseState leaseState(String namespace, String name) {
    Lease lease = client.leases().inNamespace(namespace).withName(name).get();
    return lease == null ? null : LeaseState.decode(lease);
  }

  /** Touches the Lease without changing its state (another writer's harmless update). */
  public void touchLease(String namespace, String name) {
    client
        .leases()
        .inNamespace(namespace)
        .withName(name)
        .edit(
            l -> {
              l.getMetadata()
                  .getAnnotations()
                  .put("example.com/touched", Long.toString(System.nanoTime()));
              return l;
            });
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
