package io.kafkabluegreen.tests.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kafkabluegreen.lifecycle.lease.LeasePhase;
import io.kafkabluegreen.lifecycle.lease.LeaseState;
import io.kafkabluegreen.tests.process.JavaProcess;
import io.kafkabluegreen.tests.process.ModuleClasspath;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FakeClusterIT {

  private static FakeCluster cluster;

  @BeforeAll
  static void start() {
    cluster = FakeCluster.start("demo");
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void When_rollout_promoted_then_aborted_Then_status_moves_as_argo_moves_it() {
    RolloutDefinition definition =
        new RolloutDefinition(
            "orders-a", "orders-a", "orders", "orders-a-kafka-active", 8080, "pause-resume", 2);
    cluster.rollouts().create(definition, "blue1");

    cluster.rollouts().deploy("orders-a", "green1");
    cluster.rollouts().promote("orders-a", "green1");
    assertThat(blueGreen("orders-a")).containsEntry("activeSelector", "green1");
    assertThat(cluster.rollouts().status("orders-a")).containsEntry("stableRS", "blue1");

    cluster.rollouts().abort("orders-a");
    Map<String, Object> status = cluster.rollouts().status("orders-a");
    assertThat(status).containsEntry("abort", true).containsEntry("stableRS", "blue1");
    assertThat(blueGreen("orders-a")).containsEntry("activeSelector", "blue1");
    assertThat(cluster.rollouts().get("orders-a").getMetadata().getAnnotations())
        .containsEntry("kafka-bluegreen.io/consumer-group", "orders")
        .containsEntry("kafka-bluegreen.io/lifecycle-port", "8080");
  }

  @Test
  void When_spec_updated_Then_status_kept() {
    RolloutDefinition definition =
        new RolloutDefinition("orders-b", "orders-b", "orders", "lease-b", 8080, "pause-resume", 2);
    cluster.rollouts().create(definition, "blue2");

    cluster
        .client()
        .genericKubernetesResources(FakeCluster.ROLLOUTS)
        .withName("orders-b")
        .edit(
            r -> {
              r.getMetadata().getAnnotations().put("touched", "yes");
              r.getAdditionalProperties().remove("status");
              return r;
            });

    assertThat(cluster.rollouts().status("orders-b")).containsEntry("stableRS", "blue2");
  }

  @Test
  void When_pod_created_Then_labelled_owned_and_ready_on_demand() {
    cluster.pods().create("orders-c", "orders-c", "orders-c-blue3-0", "blue3", "127.0.0.77", 8080);

    Pod pod = cluster.pods().ofHash("blue3").get(0);
    assertThat(pod.getStatus().getPodIP()).isEqualTo("127.0.0.77");
    assertThat(pod.getMetadata().getLabels()).containsEntry(PodObjects.HASH_LABEL, "blue3");
    assertThat(pod.getMetadata().getOwnerReferences().get(0).getName()).isEqualTo("orders-c-blue3");
    assertThat(ready(pod)).isEqualTo("False");

    cluster.pods().setReady("orders-c-blue3-0", true);
    assertThat(ready(cluster.pods().ofHash("blue3").get(0))).isEqualTo("True");

    cluster.pods().delete("orders-c-blue3-0");
    await().atMost(Duration.ofSeconds(30)).until(() -> cluster.pods().ofHash("blue3").isEmpty());
  }

  @Test
  void When_lease_written_with_stale_resource_version_Then_conflict() {
    cluster.createLease("cas-lease", "blue4");
    Lease read = cluster.client().leases().withName("cas-lease").get();
    LeaseState state = LeaseState.decode(read);
    cluster
        .client()
        .leases()
        .resource(state.next("blue4", LeasePhase.DRAINING, "green4").encodeOnto(read))
        .update();

    Lease stale = state.next("green4", LeasePhase.ACTIVE, "").encodeOnto(read);
    assertThatThrownBy(() -> cluster.client().leases().resource(stale).update())
        .isInstanceOf(KubernetesClientException.class)
        .extracting(e -> ((KubernetesClientException) e).getCode())
        .isEqualTo(409);
    assertThat(cluster.lease("cas-lease").orElseThrow().phase()).isEqualTo(LeasePhase.DRAINING);
  }

  @Test
  void When_child_process_has_only_the_cluster_environment_Then_it_watches_the_lease()
      throws Exception {
    cluster.createLease("probe-lease", "blue5");
    Map<String, String> env = new HashMap<>(cluster.clientEnvironment());
    env.put("LEASE_NAME", "probe-lease");
    env.put("EXPECT_HOLDER", "green5");
    Path logDir = Files.createDirectories(Path.of("target", "fake-cluster-it"));
    String classpath =
        ModuleClasspath.of("tests/integration")
            + File.pathSeparator
            + Path.of("target", "test-classes").toAbsolutePath();
    JavaProcess probe =
        JavaProcess.start(
            "lease-probe",
            classpath,
            LeaseProbe.class.getName(),
            List.of("-Xmx128m"),
            env,
            logDir.resolve("lease-probe.log"));
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> Files.readString(probe.logFile()).contains("holder=blue5"));
      assertThat(Files.readString(probe.logFile())).contains("namespace=demo");

      Lease read = cluster.client().leases().withName("probe-lease").get();
      LeaseState next = LeaseState.decode(read).next("green5", LeasePhase.ACTIVE, "");
      cluster.client().leases().resource(next.encodeOnto(read)).update();

      assertThat(probe.awaitExit(Duration.ofSeconds(60))).as(probe.logTail(20)).isTrue();
      assertThat(probe.exitValue()).as(probe.logTail(20)).isZero();
    } finally {
      probe.kill();
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> blueGreen(String rollout) {
    return (Map<String, Object>) cluster.rollouts().status(rollout).get("blueGreen");
  }

  private static String ready(Pod pod) {
    return pod.getStatus().getConditions().stream()
        .filter(c -> c.getType().equals("Ready"))
        .findFirst()
        .orElseThrow()
        .getStatus();
  }
}
