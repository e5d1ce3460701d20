package io.kafkabluegreen.tests.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kafkabluegreen.tests.e2e.connect.ConnectRest;
import io.kafkabluegreen.tests.e2e.connect.ConnectRest.ConnectorStatus;
import io.kafkabluegreen.tests.e2e.connect.ConnectSinkRollout;
import io.kafkabluegreen.tests.e2e.connect.RunningTasksSampler;
import io.kafkabluegreen.tests.e2e.connect.SinkFiles;
import io.kafkabluegreen.tests.e2e.helm.ProviderRelease;
import io.kafkabluegreen.tests.e2e.rollouts.Rollouts;
import io.kafkabluegreen.tests.kafka.KafkaBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Strategy E driven by the real Argo controller: a Rollout whose pods are Kafka Connect workers,
 * one Connect cluster per revision, each running the FileStreamSinkConnector {@code
 * orders-sink-<hash>}. The user creates blue's connector; Argo's post-promotion analysis (the
 * project's {@code kafka-handover} template) moves it to green, and {@code kubectl argo rollouts
 * undo} brings it back. Judged from the sink files (nothing lost, duplicates reported) and from
 * both workers' status, sampled throughout (never two connectors running tasks).
 */
class ConnectRolloutST {

  private static final String ROLLOUT = ConnectSinkRollout.ROLLOUT;
  private static final String LEASE = ConnectSinkRollout.LEASE;
  private static final int RATE = 100;
  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  private static E2eCluster cluster;

  private String ns;
  private ProviderRelease release;
  private KafkaLoad kafka;
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
    if (release != null) {
      release.close();
    }
    if (ns != null) {
      cluster.deleteNamespace(ns);
    }
  }

  @Test
  void
      When_a_connect_rollout_is_promoted_then_undone_Then_the_sink_moves_and_returns_losing_nothing()
          throws IOException {
    // Given the provider installed by its chart, and a Rollout of Connect workers
    ns = cluster.createNamespace("connect");
    kafka = KafkaLoad.forNamespace(KafkaBroker.shared(), ns);
    release =
        ProviderRelease.install(
            cluster,
            ns,
            kafka.bootstrapServers(),
            // The watcher's first handover fails until the user has created blue's connector;
            // retry it every second or two instead of doubling up to minutes. (Helm's --set
            // types 1000 as a number, which an EnvVar value cannot be; with a leading zero it
            // stays a string, and the provider reads 01000 as 1000.)
            Map.of(
                "provider.extraEnv[0].name", "PROVIDER_WATCH_RETRY_BACKOFF_MS",
                "provider.extraEnv[0].value", "01000",
                "provider.extraEnv[1].name", "PROVIDER_WATCH_RETRY_BACKOFF_MAX_MS",
                "provider.extraEnv[1].value", "02000"));
    // next to the pods' logs, for a look after a failure
    Path sinkDir =
        Files.createDirectories(
            cluster.controlPlane().logDir().resolve("connect-sinks").resolve(ns));
    ConnectSinkRollout.apply(
        cluster.client(), ns, kafka.bootstrapServers(), release.baseUrl(), sinkDir);
    Rollouts rollouts = new Rollouts(cluster.client(), ns);
    await().atMost(TIMEOUT).until(() -> "Healthy".equals(rollouts.phase(ROLLOUT)));
    String blue = rollouts.stableHash(ROLLOUT);

    // When the user creates blue's connector, the provider makes blue the Lease's holder
    createConnector(blue, workerIp(rollouts, blue));
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                blue.equals(rollouts.leaseHolder(LEASE))
                    && status(rollouts, blue).runningWithTasks());
    sampler = RunningTasksSampler.start();
    sampler.watch(blue, connector(blue), workerIp(rollouts, blue));
    kafka.start(RATE);
    SinkFiles sink = new SinkFiles(sinkDir);
    await().atMost(TIMEOUT).ignoreExceptions().until(() -> sink.delivered().size() >= RATE);

    // When a new revision is released, Argo promotes it and the handover moves the sink to green
    long switchStart = System.nanoTime();
    rollouts.setTemplateEnv(ROLLOUT, "DEPLOY_REVISION", "r2");
    await().atMost(TIMEOUT).until(() -> !blue.equals(rollouts.currentHash(ROLLOUT)));
    String green = rollouts.currentHash(ROLLOUT);
    await().atMost(TIMEOUT).until(() -> !rollouts.readyPods(green).isEmpty());
    long greenReady = System.nanoTime();
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
    double handoverSeconds = (System.nanoTime() - greenReady) / 1e9;
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(rollouts.stableHash(ROLLOUT)).isEqualTo(green);
              assertThat(rollouts.phase(ROLLOUT)).isEqualTo("Healthy");
            });
    int beforeRollback = sink.delivered().size();

    // When the operator undoes the release, the sink goes back to blue
    long rollbackStart = System.nanoTime();
    cluster.plugin().undo(ns, ROLLOUT);
    await()
        .atMost(TIMEOUT)
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              sampler.watch(blue, connector(blue), workerIp(rollouts, blue));
              assertThat(rollouts.leaseHolder(LEASE)).isEqualTo(blue);
              assertThat(status(rollouts, blue).runningWithTasks()).isTrue();
              assertThat(status(rollouts, green).stoppedWithoutTasks()).isTrue();
            });
    double rollbackSeconds = (System.nanoTime() - rollbackStart) / 1e9;
    // settled: the handover the undo started has finished, whichever of Argo's analysis and the
    // provider's watcher started it
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(rollouts.stableHash(ROLLOUT)).isEqualTo(blue);
              assertThat(rollouts.phase(ROLLOUT)).isEqualTo("Healthy");
            });
    // blue consumes again: its file grows past what both had written before the undo
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
        "ConnectRolloutST: blue %s, green %s; template change → green RUNNING with the Lease %.1f s"
            + " (%.1f s of it after green's worker was Ready); undo → blue RUNNING with the Lease"
            + " %.1f s; %d produced, %d delivered, %d duplicates; %s; analysis runs %s%n",
        blue,
        green,
        switchSeconds,
        handoverSeconds,
        rollbackSeconds,
        produced.size(),
        delivered.size(),
        duplicates,
        sampler.summary(),
        analysisRuns());
    assertThat(produced).isNotEmpty();
    assertThat(delivered.keySet()).containsAll(produced);
    assertThat(sampler.samples()).isPositive();
    assertThat(sampler.dualSamples()).as(sampler.summary()).isZero();
    assertThat(rollouts.stableHash(ROLLOUT)).isEqualTo(blue);
    // green's promotion went through the kafka-handover analysis, which the provider answered
    // Active (the watcher may have started that handover first; the analysis joins it)
    assertThat(analysisRuns()).anyMatch(run -> run.endsWith("-post=Successful"));
  }

  /** Each AnalysisRun of the test's namespace with its phase: which analyses Argo ran. */
  private List<String> analysisRuns() {
    return cluster
        .client()
        .genericKubernetesResources(Rollouts.API_VERSION, "AnalysisRun")
        .inNamespace(ns)
        .list()
        .getItems()
        .stream()
        .map(run -> run.getMetadata().getName() + "=" + Rollouts.field(run, "status", "phase"))
        .sorted()
        .toList();
  }

  /** The user's step: blue's connector, created RUNNING through its worker's REST API. */
  private void createConnector(String hash, String podIp) {
    ConnectRest rest = ConnectRest.at(podIp);
    Map<String, String> config =
        Map.of(
            "connector.class", "org.apache.kafka.connect.file.FileStreamSinkConnector",
            "tasks.max", "2",
            "topics", kafka.topic(),
            "file", "${env:KBG_SINK_FILE}");
    // a worker answers GET / before it has joined its cluster; until then a create is refused
    await()
        .atMost(TIMEOUT)
        .ignoreExceptions()
        .until(
            () -> {
              if (rest.status(connector(hash)).isEmpty()) {
                rest.create(connector(hash), config);
              }
              return rest.status(connector(hash)).isPresent();
            });
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
}
