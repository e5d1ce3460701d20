package io.kafkabluegreen.tests.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.kafkabluegreen.tests.e2e.helm.ProviderRelease;
import io.kafkabluegreen.tests.e2e.rollouts.Rollouts;
import io.kafkabluegreen.tests.e2e.rollouts.RolloutsPlugin;
import io.kafkabluegreen.tests.kafka.KafkaBroker;
import io.kafkabluegreen.tests.validate.Transition;
import io.kafkabluegreen.tests.validate.ValidationResult;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chart's example consumer ({@code example.enabled}), installed by real Helm with the provider,
 * and driven by an operator with the real {@code kubectl argo rollouts} plugin through every
 * command it has for a blue/green update: promote, abort, retry, undo. Judged from the audit topic:
 * nothing lost, nothing twice, never two colors at once.
 */
class ExampleRolloutST {

  private static final String ROLLOUT = "consumer-app";
  private static final String LEASE = "consumer-app-kafka-active";
  private static final int RATE = 200;
  private static final Duration ROLLOUT_TIMEOUT = Duration.ofMinutes(6);
  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  private static E2eCluster cluster;

  private String ns;
  private ProviderRelease release;
  private KafkaLoad kafka;

  @BeforeAll
  static void startCluster() {
    cluster = E2eCluster.shared();
    Awaitility.setDefaultPollInterval(Duration.ofMillis(500));
  }

  @AfterEach
  void tearDown() {
    if (kafka != null) {
      kafka.stop();
    }
    if (release != null) {
      release.close();
    }
    if (ns != null) {
      cluster.deleteNamespace(ns);
    }
  }

  @Test
  void promoteAbortRetryUndo_withThePlugin_nothingLostTwiceOrDualActive() {
    // Given the provider installed, then upgraded with the example consumer enabled
    ns = cluster.createNamespace("example");
    kafka = KafkaLoad.forNamespace(KafkaBroker.shared(), ns);
    release = ProviderRelease.install(cluster, ns, kafka.bootstrapServers(), Map.of());
    String providerPod = release.readyPods().get(0).getMetadata().getName();
    release.release().upgrade(exampleValues(release.baseUrl()), TIMEOUT);
    // an upgrade that changes nothing of the provider keeps its pod, so that URL stays true
    assertThat(release.readyPods())
        .extracting(p -> p.getMetadata().getName())
        .containsExactly(providerPod);
    Rollouts rollouts = new Rollouts(cluster.client(), ns);
    RolloutsPlugin plugin = cluster.plugin();

    // Then the first revision becomes active, holds the Lease, and consumes the load
    await().atMost(ROLLOUT_TIMEOUT).until(() -> "Healthy".equals(rollouts.phase(ROLLOUT)));
    String blue = rollouts.stableHash(ROLLOUT);
    await().atMost(TIMEOUT).until(() -> blue.equals(leaseHolder()));
    kafka.start(RATE);
    await().atMost(TIMEOUT).until(() -> kafka.audit().processed() >= RATE);

    // When a new revision is released with Helm, it comes up STANDBY and waits for promotion
    release
        .release()
        .upgrade(
            Map.of(
                "example.extraEnv[0].name", "DEPLOY_REVISION", "example.extraEnv[0].value", "r2"),
            TIMEOUT);
    await().atMost(ROLLOUT_TIMEOUT).until(() -> "Paused".equals(rollouts.phase(ROLLOUT)));
    String green = rollouts.currentHash(ROLLOUT);
    assertThat(green).isNotEqualTo(blue);
    assertThat(leaseHolder()).isEqualTo(blue);

    // When promoted, green takes the group
    plugin.promote(ns, ROLLOUT);
    await().atMost(TIMEOUT).until(() -> green.equals(leaseHolder()));
    await().atMost(TIMEOUT).until(() -> transitions() == 1);

    // When aborted during the post-promotion analysis, the group goes back to blue
    plugin.abort(ns, ROLLOUT);
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(rollouts.aborted(ROLLOUT)).isTrue();
              assertThat(rollouts.activeSelector(ROLLOUT)).isEqualTo(blue);
              assertThat(leaseHolder()).isEqualTo(blue);
            });
    await().atMost(TIMEOUT).until(() -> transitions() == 2);

    // When retried within abortScaleDownDelaySeconds (green still up), Argo 1.9 fast-tracks the
    // update: it switches the active Service without the manual pause (tests/e2e/CONTROL-PLANE.md
    // §4.7), and Kafka follows the switch through the provider's Rollout watcher
    plugin.retry(ns, ROLLOUT);
    await()
        .atMost(ROLLOUT_TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(rollouts.aborted(ROLLOUT)).isFalse();
              assertThat(rollouts.activeSelector(ROLLOUT)).isEqualTo(green);
              assertThat(leaseHolder()).isEqualTo(green);
            });
    await()
        .atMost(ROLLOUT_TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(rollouts.stableHash(ROLLOUT)).isEqualTo(green);
              assertThat(rollouts.phase(ROLLOUT)).isEqualTo("Healthy");
            });
    assertThat(leaseHolder()).isEqualTo(green);

    // When undone, blue (kept for scaleDownDelaySeconds) is active again and takes the group back
    plugin.undo(ns, ROLLOUT);
    await()
        .atMost(ROLLOUT_TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(rollouts.stableHash(ROLLOUT)).isEqualTo(blue);
              assertThat(leaseHolder()).isEqualTo(blue);
            });

    // Then nothing was lost or processed twice, and the colors never overlapped
    ValidationResult result = kafka.finish(ns, TIMEOUT);
    assertThat(result.transitions())
        .extracting(Transition::from, Transition::to)
        .containsExactly(
            tuple(blue, green), tuple(green, blue), tuple(blue, green), tuple(green, blue));
  }

  /** What a user sets to enable the example next to the provider. */
  private Map<String, Object> exampleValues(String providerUrl) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("example.enabled", true);
    values.put("example.replicas", 2);
    values.put("example.topics[0]", kafka.topic());
    values.put("example.group", kafka.group());
    values.put("example.auditTopic", kafka.auditTopic());
    values.put("example.autoPromotionEnabled", false);
    // long enough for the undo below to find blue still running
    values.put("example.scaleDownDelaySeconds", 120);
    // Services do not route in this tier: the analyses call the provider pod directly
    values.put("example.analysis.providerUrl", providerUrl);
    return values;
  }

  /** Color changes in the audit so far: a switch counts once the new color processed records. */
  private int transitions() {
    return kafka.audit().transitions().size();
  }

  private String leaseHolder() {
    return new Rollouts(cluster.client(), ns).leaseHolder(LEASE);
  }
}
