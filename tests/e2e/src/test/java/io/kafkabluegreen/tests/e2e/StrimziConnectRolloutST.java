package io.kafkabluegreen.tests.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kafkabluegreen.tests.e2e.connect.ConnectRest;
import io.kafkabluegreen.tests.e2e.connect.ConnectRest.ConnectorStatus;
import io.kafkabluegreen.tests.e2e.connect.ConnectSinkRollout;
import io.kafkabluegreen.tests.e2e.connect.KafkaConnectors;
import io.kafkabluegreen.tests.e2e.connect.RunningTasksSampler;
import io.kafkabluegreen.tests.e2e.connect.SinkFiles;
import io.kafkabluegreen.tests.e2e.helm.ProviderRelease;
import io.kafkabluegreen.tests.e2e.rollouts.Rollouts;
import io.kafkabluegreen.tests.kafka.KafkaBroker;
import io.kafkabluegreen.tests.strimzi.StrimziOperatorStandIn;
import io.strimzi.api.kafka.model.common.ConnectorState;
import io.strimzi.api.kafka.model.connector.KafkaConnector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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

  private static final String ROLLOUT = ConnectSinkRollout.ROLLOUT;
  private static final String LEASE = ConnectSinkRollout.LEASE;
  private static final String CLUSTER_LABEL = KafkaConnectors.CLUSTER_LABEL;
  private static final String OFFSETS_ANNOTATION = KafkaConnectors.OFFSETS_ANNOTATION;
  private static final int RATE = 100;
  private static final long RESYNC_MS = 2000;
  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  private static E2eCluster cluster;

  private String ns;
  private ProviderRelease release;
  private KafkaLoad kafka;
  private StrimziOperatorStandIn operator;
  private RunningTasksSampler sampler;

  @BeforeAll
  static void startCluster() {
    cluster = E2eCluster.shared();
    Awaitility.setDefaultPollInterval(Duration.ofMillis(200));
  }

  @AfterEach
  void tearDown() {
    if (sampler != null) {
      sampler.close();
    }
    if (kafka != null) {
      kafka.stop();
    }
    if (operator != null) {
      operator.close();
    }
    if (release != null) {
      release.close();
    }
    if (ns != null) {
      cluster.deleteNamespace(ns);
    }
  }

  @Test
  void When_connectors_are_KafkaConnectors_Then_the_rollout_and_undo_move_them_only_through_it()
      throws IOException {
    // Given the provider allowed to drive KafkaConnectors, a Rollout of Connect workers, and the
    // operator stand-in reconciling each revision's KafkaConnector onto that revision's worker
    long testStart = System.nanoTime();
    ns = cluster.createNamespace("strimzi");
    kafka = KafkaLoad.forNamespace(KafkaBroker.shared(), ns);
    release =
        ProviderRelease.install(
            cluster,
            ns,
            kafka.bootstrapServers(),
            // the watcher's first handover fails until blue's connector exists (see
            // ConnectRolloutST for why the values are strings with a leading zero)
            Map.of(
                "rbac.strimziConnectors", true,
                "provider.extraEnv[0].name", "PROVIDER_WATCH_RETRY_BACKOFF_MS",
                "provider.extraEnv[0].value", "01000",
                "provider.extraEnv[1].name", "PROVIDER_WATCH_RETRY_BACKOFF_MAX_MS",
                "provider.extraEnv[1].value", "02000"));
    Path sinkDir =
        Files.createDirectories(
            cluster.controlPlane().logDir().resolve("connect-sinks").resolve(ns));
    ConnectSinkRollout.apply(
        cluster.client(), ns, kafka.bootstrapServers(), release.baseUrl(), sinkDir);
    Rollouts rollouts = new Rollouts(cluster.client(), ns);
    KafkaConnectors resources = new KafkaConnectors(cluster.client(), ns);
    operator =
        new StrimziOperatorStandIn(
                cluster.client(), ns, label -> KafkaConnectors.restOf(rollouts, label))
            .start(RESYNC_MS);
    await().atMost(TIMEOUT).until(() -> "Healthy".equals(rollouts.phase(ROLLOUT)));
    String blue = rollouts.stableHash(ROLLOUT);

    // When the user creates blue's KafkaConnector, the operator creates it on blue's cluster
    resources.createRunning(blue, kafka.topic());
    await()
        .atMost(TIMEOUT)
        .ignoreExceptions()
        .until(
            () ->
                blue.equals(rollouts.leaseHolder(LEASE))
                    && status(rollouts, blue).runningWithTasks());
    sampler = RunningTasksSampler.start();
    sampler.watch(blue, connector(blue), workerIp(rollouts, blue));
    kafka.start(RATE);
    SinkFiles sink = new SinkFiles(sinkDir);
    await().atMost(TIMEOUT).ignoreExceptions().until(() -> sink.delivered().size() >= RATE);

    // When a new revision is released, the handover moves the sink through the resources
    long switchStart = System.nanoTime();
    rollouts.setTemplateEnv(ROLLOUT, "DEPLOY_REVISION", "r2");
    await().atMost(TIMEOUT).until(() -> !blue.equals(rollouts.currentHash(ROLLOUT)));
    String green = rollouts.currentHash(ROLLOUT);
    await().atMost(TIMEOUT).until(() -> !rollouts.readyPods(green).isEmpty());
    sampler.watch(green, connector(green), workerIp(rollouts, green));
    await()
        .atMost(TIMEOUT)
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              assertThat(rollouts.leaseHolder(LEASE)).isEqualTo(green);
              assertThat(status(rollouts, green).runningWithTasks()).isTrue();
              assertThat(status(rollouts, blue).stoppedWithoutTasks()).isTrue();
            });
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
        .contains(kafka.topic());
    assertThat(resources.offsetsJson(connector(green) + "-offsets-alter")).contains(kafka.topic());
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(rollouts.stableHash(ROLLOUT)).isEqualTo(green);
              assertThat(rollouts.phase(ROLLOUT)).isEqualTo("Healthy");
            });

    // When someone resumes blue through REST behind its resource's back, the operator stops it
    // again on its next resync: why the provider must go through the resource in Strimzi mode.
    // (The test makes blue run beside green here, not a handover: the witness looks away.)
    sampler.unwatch(blue);
    int changesBefore = operator.stateChanges(connector(blue));
    long probeStart = System.nanoTime();
    ConnectRest.at(workerIp(rollouts, blue)).resume(connector(blue));
    await()
        .atMost(Duration.ofMillis(RESYNC_MS * 5))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              assertThat(operator.stateChanges(connector(blue))).isGreaterThan(changesBefore);
              assertThat(status(rollouts, blue).stoppedWithoutTasks()).isTrue();
            });
    double revertSeconds = (System.nanoTime() - probeStart) / 1e9;
    assertThat(resources.of(blue).getSpec().getState()).isEqualTo(ConnectorState.STOPPED);
    sampler.watch(blue, connector(blue), workerIp(rollouts, blue));
    int beforeRollback = sink.delivered().size();

    // When the operator undoes the release, the sink goes back to blue, again through resources
    long rollbackStart = System.nanoTime();
    cluster.plugin().undo(ns, ROLLOUT);
    await()
        .atMost(TIMEOUT)
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              assertThat(rollouts.leaseHolder(LEASE)).isEqualTo(blue);
              assertThat(status(rollouts, blue).runningWithTasks()).isTrue();
              assertThat(status(rollouts, green).stoppedWithoutTasks()).isTrue();
            });
    double rollbackSeconds = (System.nanoTime() - rollbackStart) / 1e9;
    assertThat(resources.of(blue).getSpec().getState()).isEqualTo(ConnectorState.RUNNING);
    assertThat(resources.of(green).getSpec().getState()).isEqualTo(ConnectorState.STOPPED);
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(rollouts.stableHash(ROLLOUT)).isEqualTo(blue);
              assertThat(rollouts.phase(ROLLOUT)).isEqualTo("Healthy");
            });
    await()
        .atMost(TIMEOUT)
        .ignoreExceptions()
        .until(() -> sink.delivered().size() > beforeRollback + RATE);

    // Then every produced record is in one of the files, and no two connectors ever ran at once
    kafka.stop();
    Set<Long> produced = SinkFiles.produced(KafkaBroker.shared().clientProperties(), kafka.topic());
    await()
        .atMost(TIMEOUT)
        .ignoreExceptions()
        .until(() -> sink.delivered().keySet().containsAll(produced));
    sampler.close();
    Map<Long, Integer> delivered = sink.delivered();
    long duplicates = delivered.values().stream().mapToLong(n -> n - 1L).sum();
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
        produced.size(),
        delivered.size(),
        duplicates,
        sampler.summary(),
        (System.nanoTime() - testStart) / 1e9);
    assertThat(produced).isNotEmpty();
    assertThat(delivered.keySet()).containsAll(produced);
    assertThat(sampler.samples()).isPositive();
    assertThat(sampler.dualSamples()).as(sampler.summary()).isZero();
  }

  private static String connector(String hash) {
    return ConnectSinkRollout.connector(hash);
  }

  private static String workerIp(Rollouts rollouts, String hash) {
    return rollouts.readyPods(hash).get(0).getStatus().getPodIP();
  }

  private static ConnectorStatus status(Rollouts rollouts, String hash) {
    return ConnectRest.at(workerIp(rollouts, hash))
        .status(connector(hash))
        .orElseThrow(() -> new AssertionError(connector(hash) + " does not exist"));
  }

  private static <K, V> Map<K, V> orEmpty(Map<K, V> map) {
    return map == null ? Map.of() : map;
  }
}
