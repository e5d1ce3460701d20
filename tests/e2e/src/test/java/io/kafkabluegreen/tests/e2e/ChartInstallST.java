package io.kafkabluegreen.tests.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.Release;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kafkabluegreen.tests.e2e.helm.ProviderRelease;
import io.kafkabluegreen.tests.e2e.rollouts.Rollouts;
import io.kafkabluegreen.tests.kafka.KafkaBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chart as a platform engineer installs it, on the real API server: real Helm installs and
 * upgrades it, its pods run from the provider's image under the chart's ServiceAccount with the
 * chart's Role, and {@code helm test} checks the installation from inside the cluster.
 */
class ChartInstallST {

  private static final Duration TIMEOUT = Duration.ofMinutes(2);
  private static final String SERVICE_ACCOUNT = ProviderRelease.NAME;
  private static final String LEADER_LEASE = ProviderRelease.NAME + "-leader";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static E2eCluster cluster;
  private static KubernetesClient client;
  private static KafkaBroker broker;

  private String ns;
  private ProviderRelease provider;

  @BeforeAll
  static void startCluster() {
    cluster = E2eCluster.shared();
    client = cluster.client();
    broker = KafkaBroker.shared();
  }

  @AfterEach
  void tearDown() {
    if (provider != null) {
      provider.close();
    }
    if (ns != null) {
      cluster.deleteNamespace(ns);
    }
  }

  @Test
  void install_runsTheProviderUnderItsOwnServiceAccount_helmTestPasses_upgradeKeepsTheTokens() {
    // Given the chart installed with two replicas, as a user would
    ns = cluster.createNamespace("chart");
    provider =
        ProviderRelease.install(
            cluster, ns, broker.bootstrapServers(), Map.of("provider.replicaCount", 2));

    // Then both replicas are Ready, from the provider's image, under the chart's ServiceAccount
    List<Pod> pods = provider.readyPods();
    assertThat(pods).hasSize(2);
    for (Pod pod : pods) {
      assertThat(pod.getSpec().getServiceAccountName()).isEqualTo(SERVICE_ACCOUNT);
      assertThat(pod.getSpec().getContainers().get(0).getImage())
          .startsWith("kafka-bluegreen/analysis-provider:");
    }
    // and one of them leads: the ServiceAccount's Role lets it create and renew the election Lease
    List<String> names = pods.stream().map(p -> p.getMetadata().getName()).toList();
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(leaderLeaseHolder()).isIn(names));

    // When `helm test` runs the chart's test Pod
    Release tested = provider.release().test(TIMEOUT);

    // Then it passed (Helm throws when a test hook fails)
    assertThat(tested.getStatus()).isEqualTo("deployed");

    // When the release is upgraded with a changed value
    String authToken = provider.authToken();
    String lifecycleToken = provider.lifecycleToken();
    Release upgraded =
        provider.release().upgrade(Map.of("provider.handover.waitMs", 7000), TIMEOUT);

    // Then new pods run with it, and the generated tokens survived the upgrade
    assertThat(upgraded.getRevision()).isEqualTo("2");
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(provider.readyPods())
                    .hasSize(2)
                    .allSatisfy(
                        pod ->
                            assertThat(pod.getSpec().getContainers().get(0).getEnv())
                                .contains(new EnvVar("PROVIDER_HANDOVER_WAIT_MS", "7000", null))));
    assertThat(provider.authToken()).isEqualTo(authToken);
    assertThat(provider.lifecycleToken()).isEqualTo(lifecycleToken);
  }

  @Test
  void roleWithoutOneVerb_theProviderIsRefusedExactlyThat() {
    // Given the chart installed, and then its Role narrowed by one verb: `list` on Rollouts
    ns = cluster.createNamespace("narrow");
    provider = ProviderRelease.install(cluster, ns, broker.bootstrapServers(), Map.of());
    Role role = client.rbac().roles().inNamespace(ns).withName(ProviderRelease.NAME).get();
    PolicyRule rollouts =
        role.getRules().stream()
            .filter(r -> r.getResources().contains("rollouts"))
            .findFirst()
            .orElseThrow();
    assertThat(rollouts.getVerbs()).as("the chart grants list on rollouts").contains("list");
    rollouts.setVerbs(rollouts.getVerbs().stream().filter(v -> !v.equals("list")).toList());
    client.rbac().roles().inNamespace(ns).resource(role).update();

    // When the provider starts under it (a new pod replaces the one that started with the full
    // Role)
    String first = provider.readyPods().get(0).getMetadata().getName();
    client.pods().inNamespace(ns).withName(first).delete();
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                provider.readyPods().stream()
                    .anyMatch(p -> !p.getMetadata().getName().equals(first)));
    Pod pod =
        provider.readyPods().stream()
            .filter(p -> !p.getMetadata().getName().equals(first))
            .findFirst()
            .orElseThrow();

    // Then the API server refuses exactly that verb to the provider's ServiceAccount
    String refusal =
        ("rollouts.argoproj.io is forbidden: User \"system:serviceaccount:%s:%s\" cannot list"
                + " resource \"rollouts\" in API group \"argoproj.io\" in the namespace \"%s\"")
            .formatted(ns, SERVICE_ACCOUNT, ns);
    await()
        .atMost(TIMEOUT)
        .until(() -> logMessages(pod).stream().anyMatch(m -> m.contains(refusal)));
    // while the verbs it kept still work: it leads through the election Lease
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> assertThat(leaderLeaseHolder()).isEqualTo(pod.getMetadata().getName()));
  }

  private String leaderLeaseHolder() {
    return new Rollouts(client, ns).leaseHolder(LEADER_LEASE);
  }

  /** The messages of the pod's JSON log lines, as the kubelet captured its output. */
  private static List<String> logMessages(Pod pod) {
    Path log = cluster.kubelet().logFile(pod);
    List<String> messages = new ArrayList<>();
    try {
      if (!Files.exists(log)) {
        return messages;
      }
      for (String line : Files.readAllLines(log)) {
        try {
          messages.add(JSON.readTree(line).path("formattedMessage").asText(line));
        } catch (IOException notJson) {
          messages.add(line);
        }
      }
    } catch (IOException e) {
      // not written yet: no messages
    }
    return messages;
  }
}
