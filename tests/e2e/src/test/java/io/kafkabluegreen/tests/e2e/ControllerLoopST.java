package io.kafkabluegreen.tests.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kafkabluegreen.tests.e2e.rollouts.Rollouts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The machinery under every other ST, on the smallest pod there is: the real Argo Rollouts
 * controller creates ReplicaSets, the real ReplicaSet controller creates Pods, the process kubelet
 * runs them and reports them Ready, and Argo switches the active Service between revisions.
 */
class ControllerLoopST {

  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static E2eCluster cluster;
  private static KubernetesClient client;

  @BeforeAll
  static void startCluster() {
    cluster = E2eCluster.shared();
    client = cluster.client();
    System.out.println("Control plane start-up: " + cluster.controlPlane().startupSteps());
  }

  private String ns;

  @AfterEach
  void deleteNamespace() {
    if (ns != null) {
      cluster.deleteNamespace(ns);
    }
  }

  @Test
  void blueGreenRolloutOfProcessPods_switchesActiveServiceAndScalesDownOldRevision() {
    // Given a namespace with the stub Rollout, its Services and its Secret
    ns = cluster.createNamespace("loop");
    Rollouts rollouts = new Rollouts(client, ns);
    Manifests.createFromResource(client, ns, "/stub/rollout.yaml");

    // Then the first revision becomes active: RS created, pods Running and Ready as processes
    await().atMost(TIMEOUT).until(() -> "Healthy".equals(rollouts.phase("stub")));
    String blue = rollouts.stableHash("stub");
    assertThat(blue).isNotBlank();
    assertThat(rollouts.activeSelector("stub")).isEqualTo(blue);
    assertThat(rollouts.serviceHash("stub-active")).isEqualTo(blue);
    List<Pod> bluePods = rollouts.readyPods(blue);
    assertThat(bluePods).hasSize(2);
    for (Pod pod : bluePods) {
      assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
      assertThat(pod.getStatus().getPodIP()).startsWith("127.");
      assertThat(cluster.kubelet().process(ns, pod.getMetadata().getName())).isPresent();
      // and the process got the Pod's environment, downward API and Secret resolved
      String env = get(pod, "/env");
      String name = pod.getMetadata().getName();
      assertThat(env)
          .contains("POD_NAME=" + name + "\n")
          .contains("POD_NAMESPACE=" + ns + "\n")
          .contains("POD_TEMPLATE_HASH=" + blue + "\n")
          .contains("GREETING=hello-" + name + "\n")
          .contains("STUB_TOKEN=s3cr3t-for-the-stub\n")
          .contains("STUB_BIND_ADDRESS=" + pod.getStatus().getPodIP() + "\n");
    }

    // When the pod template changes
    rollouts.setTemplateEnv("stub", "STUB_VERSION", "2");

    // Then green is created, promoted (autoPromotionEnabled) and becomes stable
    await()
        .atMost(TIMEOUT)
        .until(
            () -> {
              String stable = rollouts.stableHash("stub");
              return stable != null
                  && !stable.equals(blue)
                  && "Healthy".equals(rollouts.phase("stub"));
            });
    String green = rollouts.stableHash("stub");
    assertThat(rollouts.serviceHash("stub-active")).isEqualTo(green);
    assertThat(rollouts.readyPods(green)).hasSize(2);

    // and blue is scaled down after scaleDownDelaySeconds: its pods and processes are gone
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(replicaSet(ns, blue).getSpec().getReplicas()).isZero();
              assertThat(rollouts.pods(blue)).isEmpty();
              Set<String> blueNames =
                  bluePods.stream()
                      .map(p -> ns + "/" + p.getMetadata().getName())
                      .collect(Collectors.toSet());
              assertThat(cluster.kubelet().runningPods()).doesNotContainAnyElementsOf(blueNames);
            });
  }

  @Test
  void podThatStopsAnsweringItsProbe_isMarkedNotReady_andADeletedPodsProcessIsStopped() {
    // Given a healthy stub Rollout
    ns = cluster.createNamespace("probe");
    Rollouts rollouts = new Rollouts(client, ns);
    Manifests.createFromResource(client, ns, "/stub/rollout.yaml");
    await().atMost(TIMEOUT).until(() -> "Healthy".equals(rollouts.phase("stub")));
    String hash = rollouts.stableHash("stub");
    Pod victim = rollouts.readyPods(hash).get(0);
    String name = victim.getMetadata().getName();

    // When one pod stops answering its readiness probe
    post(victim, "/unready");

    // Then the kubelet marks it not ready and the ReplicaSet counts one ready replica
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              Pod pod = client.pods().inNamespace(ns).withName(name).get();
              assertThat(Rollouts.ready(pod)).isFalse();
              assertThat(replicaSet(ns, hash).getStatus().getReadyReplicas()).isEqualTo(1);
            });

    // When that pod is deleted
    long pid = cluster.kubelet().process(ns, name).orElseThrow().pid();
    client.pods().inNamespace(ns).withName(name).delete();

    // Then its process is stopped and the ReplicaSet's replacement becomes ready
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive))
                  .isNotEqualTo(java.util.Optional.of(true));
              assertThat(rollouts.readyPods(hash)).hasSize(2);
            });
  }

  private ReplicaSet replicaSet(String ns, String hash) {
    return client
        .apps()
        .replicaSets()
        .inNamespace(ns)
        .withLabel("rollouts-pod-template-hash", hash)
        .list()
        .getItems()
        .get(0);
  }

  private static String get(Pod pod, String path) {
    return call(pod, path, HttpRequest.BodyPublishers.noBody(), "GET");
  }

  private static String post(Pod pod, String path) {
    return call(pod, path, HttpRequest.BodyPublishers.noBody(), "POST");
  }

  private static String call(Pod pod, String path, HttpRequest.BodyPublisher body, String method) {
    URI uri = URI.create("http://" + pod.getStatus().getPodIP() + ":8080" + path);
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(uri).method(method, body).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(method + " " + uri).isEqualTo(200);
      return response.body();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
