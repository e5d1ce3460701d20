package io.kafkabluegreen.tests.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kafkabluegreen.tests.e2e.rollouts.Rollouts;
import io.kafkabluegreen.tests.e2e.rollouts.RolloutsPlugin;
import io.kafkabluegreen.tests.e2e.stub.MetricServer;
import io.kafkabluegreen.tests.e2e.stub.StubRollout;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the real Argo Rollouts controller does after the real {@code kubectl argo rollouts} plugin's
 * promote, abort, undo and retry, and with a post-promotion analysis, on stub pods: the facts of
 * docs/design.md §3 the provider's watcher relies on (active selector moves on promotion, {@code
 * stableRS} only after post-promotion analysis succeeds, abort sends the active selector back to
 * {@code stableRS}, retry resumes an aborted update).
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
    plugin = cluster.plugin();
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

    // When promoted with `kubectl argo rollouts promote`
    assertThat(plugin.promote(ns, NAME)).isEqualTo("rollout '" + NAME + "' promoted");

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

    // When aborted with `kubectl argo rollouts abort`
    assertThat(plugin.abort(ns, NAME)).isEqualTo("rollout '" + NAME + "' aborted");

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

    // When undone with `kubectl argo rollouts undo`
    assertThat(plugin.undo(ns, NAME)).isEqualTo("rollout '" + NAME + "' undo");

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
  void retryWithinTheAbortScaleDownDelay_completesTheUpdateWithoutItsPause() {
    // Given green, waiting for a manual promotion, was aborted and is still scaled up
    // (abortScaleDownDelaySeconds defaults to 30 s)
    String blue = givenHealthyBlue();
    String green = givenPausedGreen(blue);
    abortAndAwaitDegraded(blue);
    assertThat(rollouts.readyPods(green)).hasSize(2);

    // When retried with `kubectl argo rollouts retry rollout`
    assertThat(plugin.retry(ns, NAME)).isEqualTo("rollout '" + NAME + "' retried");

    // Then the update completes at once: green's ReplicaSet still carries the abort's scale-down
    // deadline, which v1.9.1 reads as a fast-tracked update and skips the manual pause
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(rollouts.aborted(NAME)).isFalse();
              assertThat(rollouts.stableHash(NAME)).isEqualTo(green);
              assertThat(rollouts.activeSelector(NAME)).isEqualTo(green);
              assertThat(rollouts.serviceHash("stub-active")).isEqualTo(green);
              assertThat(rollouts.phase(NAME)).isEqualTo("Healthy");
            });
    assertThat(Rollouts.<List<?>>field(rollouts.get(NAME), "status", "pauseConditions")).isNull();
  }

  @Test
  void retryAfterTheAbortScaleDown_runsTheUpdateAgainUpToItsPause() {
    // Given green, waiting for a manual promotion, was aborted and scaled down a second later
    String blue = givenHealthyBlue();
    rollouts
        .resource(NAME)
        .edit(
            r -> {
              Rollouts.<Map<String, Object>>field(r, "spec", "strategy", "blueGreen")
                  .put("abortScaleDownDelaySeconds", 1);
              return r;
            });
    String green = givenPausedGreen(blue);
    abortAndAwaitDegraded(blue);
    await().atMost(TIMEOUT).until(() -> rollouts.pods(green).isEmpty());

    // When retried with `kubectl argo rollouts retry rollout`
    assertThat(plugin.retry(ns, NAME)).isEqualTo("rollout '" + NAME + "' retried");

    // Then the Rollout leaves the aborted state, scales green up again and pauses before promotion
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              GenericKubernetesResource r = rollouts.get(NAME);
              assertThat(Rollouts.<Boolean>field(r, "status", "abort")).isNotEqualTo(true);
              assertThat(Rollouts.<String>field(r, "status", "phase")).isEqualTo("Paused");
              assertThat(Rollouts.<List<?>>field(r, "status", "pauseConditions")).isNotEmpty();
              assertThat(rollouts.readyPods(green)).hasSize(2);
              assertThat(rollouts.serviceHash("stub-preview")).isEqualTo(green);
              assertThat(rollouts.serviceHash("stub-active")).isEqualTo(blue);
            });

    // When the resumed update is promoted
    plugin.promote(ns, NAME);

    // Then green becomes active and stable: the update completed
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(rollouts.stableHash(NAME)).isEqualTo(green);
              assertThat(rollouts.serviceHash("stub-active")).isEqualTo(green);
              assertThat(rollouts.phase(NAME)).isEqualTo("Healthy");
            });
  }

  @Test
  void undoWithoutAnEarlierRevision_failsWithThePluginsError() {
    // Given a Rollout with a single revision, blue
    String blue = givenHealthyBlue();

    // When undone, Then the plugin exits non-zero and its own error is reported
    assertThatThrownBy(() -> plugin.undo(ns, NAME))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("exited with 1")
        .hasMessageContaining("no revision found for rollout \"" + NAME + "\"");

    // and the Rollout is untouched
    assertThat(rollouts.currentHash(NAME)).isEqualTo(blue);
    assertThat(rollouts.phase(NAME)).isEqualTo("Healthy");
  }

  @Test
  void pluginIsTheReleaseTheControllerIsBuiltFrom() {
    // Given the plugin build-bins.sh built, When asked its version, Then it is argo-rollouts v1.9.1
    assertThat(plugin.version()).isEqualTo(RolloutsPlugin.BINARY + ": v1.9.1");
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

  /** A stub Rollout without analysis, manual promotion, Healthy on its first revision. */
  private String givenHealthyBlue() {
    StubRollout.create(client, ns, false, null);
    await().atMost(TIMEOUT).until(() -> "Healthy".equals(rollouts.phase(NAME)));
    return rollouts.stableHash(NAME);
  }

  /** A second revision, previewed and paused for promotion. */
  private String givenPausedGreen(String blue) {
    rollouts.setTemplateEnv(NAME, "STUB_VERSION", "2");
    await().atMost(TIMEOUT).until(() -> "Paused".equals(rollouts.phase(NAME)));
    String green = rollouts.currentHash(NAME);
    assertThat(green).isNotEqualTo(blue);
    return green;
  }

  private void abortAndAwaitDegraded(String blue) {
    plugin.abort(ns, NAME);
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(rollouts.aborted(NAME)).isTrue();
              assertThat(rollouts.phase(NAME)).isEqualTo("Degraded");
            });
    assertThat(rollouts.activeSelector(NAME)).isEqualTo(blue);
  }
}
