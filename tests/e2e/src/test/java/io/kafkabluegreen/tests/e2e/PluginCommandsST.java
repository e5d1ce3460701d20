package io.kafkabluegreen.tests.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kafkabluegreen.tests.e2e.rollouts.Rollouts;
import io.kafkabluegreen.tests.e2e.rollouts.RolloutsPlugin;
import io.kafkabluegreen.tests.e2e.stub.MetricServer;
import io.kafkabluegreen.tests.e2e.stub.StubRollout;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the real Argo Rollouts controller does with the plugin's promote, abort and undo patches and
 * with a post-promotion analysis, on stub pods: the facts of design.md §3 the provider's watcher
 * relies on (active selector moves on promotion, {@code stableRS} only after post-promotion
 * analysis succeeds, abort sends the active selector back to {@code stableRS}).
 */
class PluginCommandsST {

  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final String NAME = StubRollout.NAME;

  private static E2eCluster cluster;
  private static KubernetesClient client;
  private static RolloutsPlugin plugin;

  private MetricServer gate;
  private String ns;
  private Rollouts rollouts;

  @BeforeAll
  static void startCluster() {
    cluster = E2eCluster.shared();
    client = cluster.client();
    plugin = new RolloutsPlugin(client);
  }

  @BeforeEach
  void namespaceAndGate() {
    gate = MetricServer.start();
    ns = cluster.createNamespace("plugin");
    rollouts = new Rollouts(client, ns);
  }

  @AfterEach
  void cleanUp() {
    gate.close();
    cluster.deleteNamespace(ns);
  }

  @Test
  void promote_thenAbortDuringPostPromotionAnalysis_thenUndo() {
    // Given blue is stable and a new template waits for a manual promotion
    StubRollout.create(client, ns, false, gate.url());
    await().atMost(TIMEOUT).until(() -> "Healthy".equals(rollouts.phase(NAME)));
    String blue = rollouts.stableHash(NAME);
    rollouts.setTemplateEnv(NAME, "STUB_VERSION", "2");
    await().atMost(TIMEOUT).until(() -> "Paused".equals(rollouts.phase(NAME)));
    String green = rollouts.currentHash(NAME);
    assertThat(green).isNotEqualTo(blue);
    assertThat(rollouts.serviceHash("stub-active")).isEqualTo(blue);
    assertThat(rollouts.serviceHash("stub-preview")).isEqualTo(green);
    List<?> pauseConditions = Rollouts.field(rollouts.get(NAME), "status", "pauseConditions");
    assertThat(pauseConditions).isNotEmpty();

    // When promoted the way `kubectl argo rollouts promote` does
    plugin.promote(ns, NAME);

    // Then green is active while the post-promotion analysis runs, and blue is still stable
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(rollouts.activeSelector(NAME)).isEqualTo(green);
              assertThat(rollouts.serviceHash("stub-active")).isEqualTo(green);
              assertThat(gate.calls()).isPositive();
            });
    assertThat(rollouts.stableHash(NAME)).isEqualTo(blue);

    // When aborted the way `kubectl argo rollouts abort` does
    plugin.abort(ns, NAME);

    // Then the active selector returns to the stable revision, blue
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(rollouts.aborted(NAME)).isTrue();
              assertThat(rollouts.activeSelector(NAME)).isEqualTo(blue);
              assertThat(rollouts.serviceHash("stub-active")).isEqualTo(blue);
              assertThat(rollouts.phase(NAME)).isEqualTo("Degraded");
            });

    // When undone the way `kubectl argo rollouts undo` does
    plugin.undo(ns, NAME);

    // Then the template is blue's again and the Rollout is Healthy on blue, no longer aborted
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              GenericKubernetesResource r = rollouts.get(NAME);
              assertThat(Rollouts.<String>field(r, "status", "currentPodHash")).isEqualTo(blue);
              assertThat(Rollouts.<String>field(r, "status", "phase")).isEqualTo("Healthy");
              assertThat(rollouts.aborted(NAME)).isFalse();
              assertThat(rollouts.serviceHash("stub-active")).isEqualTo(blue);
            });
  }

  @Test
  void failedPostPromotionAnalysis_abortsAndReturnsActiveToBlue() {
    // Given blue is stable, auto-promotion on, and the gate undecided
    StubRollout.create(client, ns, true, gate.url());
    await().atMost(TIMEOUT).until(() -> "Healthy".equals(rollouts.phase(NAME)));
    String blue = rollouts.stableHash(NAME);

    // When a new template is promoted automatically
    rollouts.setTemplateEnv(NAME, "STUB_VERSION", "2");
    await()
        .atMost(TIMEOUT)
        .until(() -> !blue.equals(rollouts.activeSelector(NAME)) && gate.calls() > 0);
    assertThat(rollouts.stableHash(NAME)).isEqualTo(blue);

    // and the post-promotion analysis fails
    gate.answer("{\"phase\":\"Failed\"}");

    // Then the controller aborts and blue is active again
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(rollouts.aborted(NAME)).isTrue();
              assertThat(rollouts.activeSelector(NAME)).isEqualTo(blue);
              assertThat(rollouts.serviceHash("stub-active")).isEqualTo(blue);
            });
  }

  @Test
  void passedPostPromotionAnalysis_makesGreenStable() {
    // Given blue is stable and the gate answers Active
    gate.answer("{\"phase\":\"Active\"}");
    StubRollout.create(client, ns, true, gate.url());
    await().atMost(TIMEOUT).until(() -> "Healthy".equals(rollouts.phase(NAME)));
    String blue = rollouts.stableHash(NAME);

    // When a new template is promoted
    rollouts.setTemplateEnv(NAME, "STUB_VERSION", "2");

    // Then the analysis passes and green becomes stable
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              String stable = rollouts.stableHash(NAME);
              assertThat(stable).isNotEqualTo(blue);
              assertThat(rollouts.activeSelector(NAME)).isEqualTo(stable);
              assertThat(rollouts.phase(NAME)).isEqualTo("Healthy");
            });
    assertThat(gate.calls()).isPositive();
  }
}
