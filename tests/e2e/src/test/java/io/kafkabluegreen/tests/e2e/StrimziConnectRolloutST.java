package io.kafkabluegreen.tests.e2e;

import static io.kafkabluegreen.tests.e2e.connect.ConnectRolloutRun.connector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kafkabluegreen.tests.e2e.connect.ConnectRest;
import io.kafkabluegreen.tests.e2e.connect.ConnectRolloutRun;
import io.kafkabluegreen.tests.e2e.connect.ConnectRolloutRun.Outcome;
import io.kafkabluegreen.tests.e2e.connect.KafkaConnectors;
import io.kafkabluegreen.tests.strimzi.StrimziOperatorStandIn;
import io.strimzi.api.kafka.model.common.ConnectorState;
import io.strimzi.api.kafka.model.connector.KafkaConnector;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Strategy E in Strimzi mode on the real API server: the Rollout of Connect workers of {@link
 * ConnectRolloutST}, but every connector is a {@code KafkaConnector} reconciled by {@link
 * StrimziOperatorStandIn} (running in this JVM with the admin client; the KafkaConnect of revision
 * {@code h} is named {@code connect-h}). The provider, installed by the chart with {@code
 * rbac.strimziConnectors}, may move the sink only through those resources: run state by {@code
 * spec.state}, offsets by the {@code strimzi.io/connector-offsets} annotation. And the reason it
 * must: a REST resume behind the resource's back is reverted by the operator.
 */
class StrimziConnectRolloutST {

  private static final String CLUSTER_LABEL = KafkaConnectors.CLUSTER_LABEL;
  private static final String OFFSETS_ANNOTATION = KafkaConnectors.OFFSETS_ANNOTATION;
  private static final long RESYNC_MS = 2000;

  @RegisterExtension final ConnectRolloutRun run = new ConnectRolloutRun();
  private StrimziOperatorStandIn operator;

  /** Before the run's own teardown: the stand-in reconciles against what that deletes. */
  @AfterEach
  void stopOperator() {
    if (operator != null) {
      operator.close();
    }
  }

  @Test
  void When_connectors_are_KafkaConnectors_Then_the_rollout_and_undo_move_them_only_through_it() {
    // Given the provider allowed to drive KafkaConnectors, a Rollout of Connect workers, and the
    // operator stand-in reconciling each revision's KafkaConnector onto that revision's worker
    long testStart = System.nanoTime();
    run.install("strimzi", Map.of("rbac.strimziConnectors", true));
    KafkaConnectors resources = new KafkaConnectors(run.cluster().client(), run.namespace());
    operator =
        new StrimziOperatorStandIn(
                run.cluster().client(),
                run.namespace(),
                label -> KafkaConnectors.restOf(run.rollouts(), label))
            .start(RESYNC_MS);
    String blue = run.awaitBlue();

    // When the user creates blue's KafkaConnector, the operator creates it on blue's cluster
    resources.createRunning(blue, run.kafka().topic());
    run.awaitBlueConsuming(blue);

    // When a new revision is released, the handover moves the sink through the resources
    long switchStart = System.nanoTime();
    String green = run.releaseGreen(blue);
    run.watch(green);
    run.awaitHandedTo(green, blue);
    double switchSeconds = (System.nanoTime() - switchStart) / 1e9;
    // Then blue was stopped by its spec, its offsets listed into a ConfigMap; green's resource is
    // a copy naming green's KafkaConnect, its offsets altered from the provider's ConfigMap
    assertThat(resources.of(blue).getSpec().getState()).isEqualTo(ConnectorState.STOPPED);
    KafkaConnector greenResource = resources.of(green);
    assertThat(greenResource.getMetadata().getLabels())
        .containsEntry(CLUSTER_LABEL, KafkaConnectors.kafkaConnect(green));
    assertThat(greenResource.getSpec().getState()).isEqualTo(ConnectorState.RUNNING);
    assertThat(greenResource.getSpec().getAlterOffsets().getFromConfigMap().getName())
        .isEqualTo(connector(green) + "-offsets-alter");
    assertThat(orEmpty(greenResource.getMetadata().getAnnotations()))
        .doesNotContainKey(OFFSETS_ANNOTATION);
    assertThat(orEmpty(resources.of(blue).getMetadata().getAnnotations()))
        .doesNotContainKey(OFFSETS_ANNOTATION);
    assertThat(
            resources.offsetsJson(
                resources.of(blue).getSpec().getListOffsets().getToConfigMap().getName()))
        .contains(run.kafka().topic());
    assertThat(resources.offsetsJson(connector(green) + "-offsets-alter"))
        .contains(run.kafka().topic());
    run.awaitStable(green);

    // When someone resumes blue through REST behind its resource's back, the operator stops it
    // again on its next resync: why the provider must go through the resource in Strimzi mode.
    // (The test makes blue run beside green here, not a handover: the witness looks away.)
    run.sampler().unwatch(blue);
    int changesBefore = operator.stateChanges(connector(blue));
    long probeStart = System.nanoTime();
    ConnectRest.at(run.workerIp(blue)).resume(connector(blue));
    await()
        .atMost(Duration.ofMillis(RESYNC_MS * 5))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              assertThat(operator.stateChanges(connector(blue))).isGreaterThan(changesBefore);
              assertThat(run.status(blue).stoppedWithoutTasks()).isTrue();
            });
    double revertSeconds = (System.nanoTime() - probeStart) / 1e9;
    assertThat(resources.of(blue).getSpec().getState()).isEqualTo(ConnectorState.STOPPED);
    run.watch(blue);
    int beforeRollback = run.deliveredCount();

    // When the operator undoes the release, the sink goes back to blue, again through resources
    long rollbackStart = System.nanoTime();
    run.undo();
    run.awaitHandedTo(blue, green);
    double rollbackSeconds = (System.nanoTime() - rollbackStart) / 1e9;
    assertThat(resources.of(blue).getSpec().getState()).isEqualTo(ConnectorState.RUNNING);
    assertThat(resources.of(green).getSpec().getState()).isEqualTo(ConnectorState.STOPPED);
    run.awaitStable(blue);
    run.awaitDeliveredPast(beforeRollback);

    // Then every produced record is in one of the files, and no two connectors ever ran at once
    Outcome outcome = run.finish();
    System.out.printf(
        "StrimziConnectRolloutST: blue %s, green %s; template change → green RUNNING %.1f s;"
            + " REST resume behind blue's KafkaConnector reverted in %.1f s (resync %d ms); undo"
            + " → blue RUNNING %.1f s; %d produced, %d delivered, %d duplicates; %s; test %.0f s%n",
        blue,
        green,
        switchSeconds,
        revertSeconds,
        RESYNC_MS,
        rollbackSeconds,
        outcome.produced().size(),
        outcome.delivered().size(),
        outcome.duplicates(),
        run.sampler().summary(),
        (System.nanoTime() - testStart) / 1e9);
    run.assertNothingLostNeverTwoRunning(outcome);
  }

  private static <K, V> Map<K, V> orEmpty(Map<K, V> map) {
    return map == null ? Map.of() : map;
  }
}
