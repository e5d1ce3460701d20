package io.kafkabluegreen.tests.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.kafkabluegreen.tests.e2e.rollouts.Rollouts;
import io.kafkabluegreen.tests.validate.Transition;
import io.kafkabluegreen.tests.validate.ValidationResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole system: the project's real Rollout and AnalysisTemplates, driven by the real Argo
 * Rollouts controller, consumer-app pods and analysis-provider (installed by the chart) running as
 * containers of their images, a real broker under load. Every run is judged from the audit topic:
 * nothing lost, nothing processed twice, never two colors consuming at once.
 */
class BlueGreenKafkaST {

  private static final String NAME = ConsumerAppDeployment.ROLLOUT;
  private static final int RATE = 200;

  /** The post-promotion analysis includes five lag samples 30 s apart. */
  private static final Duration ROLLOUT_TIMEOUT = Duration.ofMinutes(6);

  private static final Duration TIMEOUT = Duration.ofMinutes(2);
  private static final List<String> TIMINGS = new ArrayList<>();

  private static E2eCluster cluster;
  private KafkaRollout system;

  @BeforeAll
  static void startCluster() {
    cluster = E2eCluster.shared();
    // every poll of the audit reads the whole audit topic: poll gently
    Awaitility.setDefaultPollInterval(Duration.ofMillis(500));
  }

  @AfterEach
  void tearDown() {
    if (system != null) {
      system.close();
    }
  }

  @AfterAll
  static void printTimings() {
    System.out.println("=== e2e switch timings (real Argo Rollouts controller) ===");
    TIMINGS.forEach(System.out::println);
  }

  @Test
  void firstDeploy_blueBecomesActive_andConsumes() {
    // Given the real manifests applied to an empty namespace
    system = KafkaRollout.deploy(cluster, "first", true);
    Rollouts rollouts = system.rollouts();

    // Then the first revision becomes active and holds the Lease
    String blue = awaitHealthy(rollouts);
    await().atMost(TIMEOUT).until(() -> blue.equals(system.leaseHolder()));

    // and consumes what is produced
    system.kafka().start(RATE);
    await().atMost(TIMEOUT).until(() -> system.kafka().audit().processed() >= RATE);
    ValidationResult result = finish();
    assertThat(result.transitions()).isEmpty();
    assertThat(result.timeline()).allSatisfy(b -> assertThat(b.byHash()).containsOnlyKeys(blue));
  }

  @Test
  void automaticPromotion_handsTheGroupToGreen_nothingLostTwiceOrDualActive() {
    // Given blue consuming under load
    system = KafkaRollout.deploy(cluster, "auto", true);
    Rollouts rollouts = system.rollouts();
    String blue = blueConsuming(rollouts);

    // When the pod template changes
    rollouts.setTemplateEnv(NAME, "DEPLOY_REVISION", "2");

    // Then green passes both analyses, is promoted, takes the group and becomes stable
    String green = awaitNewStable(rollouts, blue);
    assertThat(system.leaseHolder()).isEqualTo(green);
    assertThat(rollouts.serviceHash("consumer-app-active")).isEqualTo(green);
    // and blue is scaled down
    await().atMost(TIMEOUT).until(() -> rollouts.pods(blue).isEmpty());

    ValidationResult result = finish();
    Instant promoted = system.timeline().activeSince(green).orElseThrow();
    record("automatic promotion -> green consuming", promoted, transition(result, blue, green));
  }

  @Test
  void manualPromotion_withThePluginsPatch_handsTheGroupToGreen() {
    // Given blue consuming under load, and a Rollout that waits for a manual promotion
    system = KafkaRollout.deploy(cluster, "manual", false);
    Rollouts rollouts = system.rollouts();
    String blue = blueConsuming(rollouts);

    // When the template changes, green comes up STANDBY and the Rollout pauses before promotion
    rollouts.setTemplateEnv(NAME, "DEPLOY_REVISION", "2");
    await().atMost(ROLLOUT_TIMEOUT).until(() -> "Paused".equals(rollouts.phase(NAME)));
    String green = rollouts.currentHash(NAME);
    await().atMost(TIMEOUT).until(() -> rollouts.readyPods(green).size() == 2);
    assertThat(system.leaseHolder()).isEqualTo(blue);

    // When promoted with `kubectl argo rollouts promote`
    Instant promoted = Instant.now();
    system.plugin().promote(system.namespace(), NAME);

    // Then green takes the group and becomes stable
    assertThat(awaitNewStable(rollouts, blue)).isEqualTo(green);
    assertThat(system.leaseHolder()).isEqualTo(green);

    ValidationResult result = finish();
    record(
        "manual promotion (plugin) -> green consuming", promoted, transition(result, blue, green));
  }

  @Test
  void brokenGreen_failsPostPromotionAnalysis_andConsumptionReturnsToBlue() {
    // Given blue consuming under load
    system = KafkaRollout.deploy(cluster, "broken", true);
    Rollouts rollouts = system.rollouts();
    String blue = blueConsuming(rollouts);

    // When a new template fails half of its records
    rollouts.setTemplateEnv(NAME, Map.of("APP_FAILURE_MODE", "rate", "APP_FAILURE_RATE", "0.5"));

    // Then the post-promotion analysis fails, the controller aborts, blue holds the Lease again
    await().atMost(ROLLOUT_TIMEOUT).until(() -> rollouts.aborted(NAME));
    String green = rollouts.currentHash(NAME);
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(rollouts.activeSelector(NAME)).isEqualTo(blue);
              assertThat(system.leaseHolder()).isEqualTo(blue);
              assertThat(rollouts.stableHash(NAME)).isEqualTo(blue);
            });

    ValidationResult result = finishLossless();
    assertThat(result.transitions())
        .as("colors never interleave: blue, then green, then blue again")
        .extracting(Transition::from, Transition::to)
        .containsExactly(tuple(blue, green), tuple(green, blue));
    Instant aborted = system.timeline().abortedAt().orElseThrow();
    record("analysis abort -> blue consuming", aborted, transition(result, green, blue));
  }

  @Test
  void pluginAbortDuringPostPromotion_returnsTheGroupToBlue_andUndoKeepsBlue() {
    // Given green promoted and consuming, its post-promotion analysis still running
    system = KafkaRollout.deploy(cluster, "abort", true);
    Rollouts rollouts = system.rollouts();
    String blue = blueConsuming(rollouts);
    rollouts.setTemplateEnv(NAME, "DEPLOY_REVISION", "2");
    await()
        .atMost(ROLLOUT_TIMEOUT)
        .until(() -> system.leaseHolder() != null && !blue.equals(system.leaseHolder()));
    String green = system.leaseHolder();
    await().atMost(TIMEOUT).until(() -> transition(system.kafka().audit(), blue, green) != null);
    assertThat(rollouts.stableHash(NAME)).isEqualTo(blue);

    // When aborted with `kubectl argo rollouts abort`
    Instant aborted = Instant.now();
    system.plugin().abort(system.namespace(), NAME);

    // Then the provider's watcher hands the group back to blue
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(rollouts.activeSelector(NAME)).isEqualTo(blue);
              assertThat(system.leaseHolder()).isEqualTo(blue);
            });

    // When undone with `kubectl argo rollouts undo`
    system.plugin().undo(system.namespace(), NAME);

    // Then the Rollout is Healthy on blue's template and blue keeps the group
    await()
        .atMost(ROLLOUT_TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(rollouts.currentHash(NAME)).isEqualTo(blue);
              assertThat(rollouts.phase(NAME)).isEqualTo("Healthy");
              assertThat(rollouts.aborted(NAME)).isFalse();
            });
    assertThat(system.leaseHolder()).isEqualTo(blue);

    ValidationResult result = finish();
    record("plugin abort -> blue consuming", aborted, transition(result, green, blue));
  }

  @Test
  void pluginUndoAfterFullPromotion_rollsTheGroupBackToBlue() {
    // Given green fully promoted (stable) and consuming under load
    system = KafkaRollout.deploy(cluster, "undo", true);
    Rollouts rollouts = system.rollouts();
    String blue = blueConsuming(rollouts);
    rollouts.setTemplateEnv(NAME, "DEPLOY_REVISION", "2");
    String green = awaitNewStable(rollouts, blue);
    assertThat(system.leaseHolder()).isEqualTo(green);

    // When undone with `kubectl argo rollouts undo` (it writes blue's template back)
    Instant undone = Instant.now();
    system.plugin().undo(system.namespace(), NAME);

    // Then blue's ReplicaSet, still up within scaleDownDelaySeconds, is made stable and active at
    // once (Argo skips the analyses on such a rollback, so no handover call comes from Argo) and
    // the provider's watcher hands the group back to blue
    assertThat(awaitNewStable(rollouts, green)).isEqualTo(blue);
    assertThat(rollouts.serviceHash("consumer-app-active")).isEqualTo(blue);
    await().atMost(TIMEOUT).until(() -> blue.equals(system.leaseHolder()));

    ValidationResult result = finish();
    assertThat(result.transitions())
        .extracting(Transition::from, Transition::to)
        .containsExactly(tuple(blue, green), tuple(green, blue));
    record(
        "plugin undo (after promotion) -> blue consuming", undone, transition(result, green, blue));
  }

  /** Waits for the first deploy, starts the load and waits until blue consumes. */
  private String blueConsuming(Rollouts rollouts) {
    String blue = awaitHealthy(rollouts);
    await().atMost(TIMEOUT).until(() -> blue.equals(system.leaseHolder()));
    system.kafka().start(RATE);
    await().atMost(TIMEOUT).until(() -> system.kafka().audit().processed() >= RATE);
    return blue;
  }

  private static String awaitHealthy(Rollouts rollouts) {
    await().atMost(ROLLOUT_TIMEOUT).until(() -> "Healthy".equals(rollouts.phase(NAME)));
    return rollouts.stableHash(NAME);
  }

  private static String awaitNewStable(Rollouts rollouts, String blue) {
    await()
        .atMost(ROLLOUT_TIMEOUT)
        .until(
            () -> {
              String stable = rollouts.stableHash(NAME);
              return stable != null
                  && !stable.equals(blue)
                  && "Healthy".equals(rollouts.phase(NAME));
            });
    return rollouts.stableHash(NAME);
  }

  private ValidationResult finish() {
    return system.kafka().finish(system.namespace(), TIMEOUT);
  }

  /** {@link KafkaLoad#finishLossless}: for a broken green, without the per-partition spell rule. */
  private ValidationResult finishLossless() {
    return system.kafka().finishLossless(system.namespace(), TIMEOUT);
  }

  private static Transition transition(ValidationResult result, String from, String to) {
    return result.transitions().stream()
        .filter(t -> t.from().equals(from) && t.to().equals(to))
        .findFirst()
        .orElse(null);
  }

  private static void record(String what, Instant from, Transition transition) {
    assertThat(transition).as(what + ": no such transition in the audit timeline").isNotNull();
    long millis = transition.firstToAt() - from.toEpochMilli();
    String line =
        String.format("%-45s %6d ms (consumption gap %d ms)", what, millis, transition.gapMillis());
    TIMINGS.add(line);
    System.out.println(line);
  }
}
