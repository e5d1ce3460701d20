package io.kafkabluegreen.tests.e2e.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kafkabluegreen.tests.e2e.E2eCluster;
import io.kafkabluegreen.tests.e2e.KafkaLoad;
import io.kafkabluegreen.tests.e2e.connect.ConnectRest.ConnectorStatus;
import io.kafkabluegreen.tests.e2e.helm.ProviderRelease;
import io.kafkabluegreen.tests.e2e.rollouts.Rollouts;
import io.kafkabluegreen.tests.kafka.KafkaBroker;
import io.kafkabluegreen.tests.process.HttpResult;
import io.kafkabluegreen.tests.process.JsonHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One run of strategy E's e2e scenario, the steps the REST and Strimzi STs share: the provider
 * installed by its chart, the {@link ConnectSinkRollout} of Connect workers, load on its topic, a
 * {@link RunningTasksSampler} watching the revisions' connectors, and the sink files that judge the
 * run. Each step waits for what it names; the STs keep their own Given/When/Then.
 *
 * <p>An ST registers one per test ({@code @RegisterExtension}): it gets the shared cluster before
 * the test and undoes what the run set up after it (after the ST's own {@code @AfterEach}).
 */
public final class ConnectRolloutRun implements BeforeEachCallback, AfterEachCallback {

  public static final String ROLLOUT = ConnectSinkRollout.ROLLOUT;
  public static final String LEASE = ConnectSinkRollout.LEASE;
  public static final int RATE = 100;
  public static final Duration TIMEOUT = Duration.ofMinutes(2);

  private E2eCluster cluster;
  private String ns;
  private KafkaLoad kafka;
  private ProviderRelease release;
  private Rollouts rollouts;
  private SinkFiles sink;
  private RunningTasksSampler sampler;

  @Override
  public void beforeEach(ExtensionContext context) {
    cluster = E2eCluster.shared();
    // the workers' REST APIs and the API server answer in milliseconds: poll often
    Awaitility.setDefaultPollInterval(Duration.ofMillis(200));
  }

  @Override
  public void afterEach(ExtensionContext context) {
    close();
  }

  /** What the load produced and the sinks delivered, once every produced record arrived. */
  public record Outcome(Set<Long> produced, Map<Long, Integer> delivered) {
    public long duplicates() {
      return delivered.values().stream().mapToLong(n -> n - 1L).sum();
    }
  }

  /**
   * A fresh namespace with the provider installed by the chart ({@code values} added to the
   * chart's), and the Rollout of Connect workers applied; returns at once, not waiting for it.
   */
  public void install(String namespacePrefix, Map<String, ?> values) {
    // each field as soon as it exists: close() undoes what a failing install got to
    ns = cluster.createNamespace(namespacePrefix);
    kafka = KafkaLoad.forNamespace(KafkaBroker.shared(), ns);
    Map<String, Object> all = new LinkedHashMap<>(values);
    // The watcher's first handover fails until the user has created blue's connector; retry it
    // every second or two instead of doubling up to minutes. (Helm's --set types 1000 as a
    // number, which an EnvVar value cannot be; with a leading zero it stays a string, and the
    // provider reads 01000 as 1000.)
    all.put("provider.extraEnv[0].name", "PROVIDER_WATCH_RETRY_BACKOFF_MS");
    all.put("provider.extraEnv[0].value", "01000");
    all.put("provider.extraEnv[1].name", "PROVIDER_WATCH_RETRY_BACKOFF_MAX_MS");
    all.put("provider.extraEnv[1].value", "02000");
    release = ProviderRelease.install(cluster, ns, kafka.bootstrapServers(), all);
    // next to the pods' logs, for a look after a failure
    Path sinkDir;
    try {
      sinkDir =
          Files.createDirectories(
              cluster.controlPlane().logDir().resolve("connect-sinks").resolve(ns));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ConnectSinkRollout.apply(
        cluster.client(), ns, kafka.bootstrapServers(), release.baseUrl(), sinkDir);
    rollouts = new Rollouts(cluster.client(), ns);
    sink = new SinkFiles(sinkDir);
  }

  public E2eCluster cluster() {
    return cluster;
  }

  public String namespace() {
    return ns;
  }

  public KafkaLoad kafka() {
    return kafka;
  }

  public Rollouts rollouts() {
    return rollouts;
  }

  public RunningTasksSampler sampler() {
    return sampler;
  }

  /** Waits for the first revision to be Healthy; returns its hash (blue). */
  public String awaitBlue() {
    await().atMost(TIMEOUT).until(() -> "Healthy".equals(rollouts.phase(ROLLOUT)));
    return rollouts.stableHash(ROLLOUT);
  }

  /**
   * Once blue holds the Lease and runs its tasks, starts the sampler on it and the load, and waits
   * until the sink has a second's worth of records.
   */
  public void awaitBlueConsuming(String blue) {
    await()
        .atMost(TIMEOUT)
        .ignoreExceptions()
        .until(() -> blue.equals(rollouts.leaseHolder(LEASE)) && status(blue).runningWithTasks());
    sampler = RunningTasksSampler.start();
    watch(blue);
    kafka.start(RATE);
    await().atMost(TIMEOUT).ignoreExceptions().until(() -> sink.delivered().size() >= RATE);
  }

  /** Releases a new revision (a template change); returns its hash once a worker is Ready. */
  public String releaseGreen(String blue) {
    rollouts.setTemplateEnv(ROLLOUT, "DEPLOY_REVISION", "r2");
    await().atMost(TIMEOUT).until(() -> !blue.equals(rollouts.currentHash(ROLLOUT)));
    String green = rollouts.currentHash(ROLLOUT);
    await().atMost(TIMEOUT).until(() -> !rollouts.readyPods(green).isEmpty());
    return green;
  }

  /** Has the sampler watch revision {@code hash}'s connector on its (current) Ready worker. */
  public void watch(String hash) {
    sampler.watch(hash, connector(hash), workerIp(hash));
  }

  /** Waits until {@code active} holds the Lease and runs its tasks, {@code stopped} none. */
  public void awaitHandedTo(String active, String stopped) {
    awaitHandedTo(active, stopped, () -> {});
  }

  /**
   * {@link #awaitHandedTo(String, String)}, re-watching {@code active} at every poll: after an undo
   * its worker may be a new pod.
   */
  public void awaitHandedBackTo(String active, String stopped) {
    awaitHandedTo(active, stopped, () -> watch(active));
  }

  private void awaitHandedTo(String active, String stopped, Runnable eachPoll) {
    try {
      await()
          .atMost(TIMEOUT)
          .ignoreExceptions()
          .untilAsserted(
              () -> {
                eachPoll.run();
                assertThat(rollouts.leaseHolder(LEASE)).isEqualTo(active);
                assertThat(status(active).runningWithTasks()).isTrue();
                assertThat(status(stopped).stoppedWithoutTasks()).isTrue();
              });
    } catch (ConditionTimeoutException e) {
      // CI keeps only the failure's message: say why the provider did not get there
      throw new AssertionError(
          e.getMessage() + "\nthe provider's last handover: " + lastHandover(), e);
    }
  }

  /** {@code GET …/handover} as the provider answers it now (its last result), or why not. */
  private String lastHandover() {
    String url = release.baseUrl() + "/v1/rollouts/" + ns + "/" + ROLLOUT + "/handover";
    try {
      HttpResult answer = new JsonHttp(release.authToken()).get(url, Duration.ofSeconds(5));
      return answer.status() + " " + answer.rawBody();
    } catch (IOException | RuntimeException e) {
      return "unreadable: " + e;
    }
  }

  /** Waits until Argo has made {@code hash} stable and the Rollout is Healthy. */
  public void awaitStable(String hash) {
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(rollouts.stableHash(ROLLOUT)).isEqualTo(hash);
              assertThat(rollouts.phase(ROLLOUT)).isEqualTo("Healthy");
            });
  }

  /** The operator's {@code kubectl argo rollouts undo}. */
  public void undo() {
    cluster.plugin().undo(ns, ROLLOUT);
  }

  /** How many distinct records the sinks hold now. */
  public int deliveredCount() {
    return sink.delivered().size();
  }

  /** Waits until the sinks hold more than a second's worth past {@code before}: consuming again. */
  public void awaitDeliveredPast(int before) {
    await().atMost(TIMEOUT).ignoreExceptions().until(() -> sink.delivered().size() > before + RATE);
  }

  /** Stops the load, waits for every produced record in the sinks, and stops the sampler. */
  public Outcome finish() {
    kafka.stop();
    Set<Long> produced = SinkFiles.produced(KafkaBroker.shared().clientProperties(), kafka.topic());
    await()
        .atMost(TIMEOUT)
        .ignoreExceptions()
        .until(() -> sink.delivered().keySet().containsAll(produced));
    sampler.close();
    return new Outcome(produced, sink.delivered());
  }

  /** Nothing lost, and the sampler, which did sample, never saw two connectors running tasks. */
  public void assertNothingLostNeverTwoRunning(Outcome outcome) {
    assertThat(outcome.produced()).isNotEmpty();
    assertThat(outcome.delivered().keySet()).containsAll(outcome.produced());
    assertThat(sampler.samples()).isPositive();
    assertThat(sampler.dualSamples()).as(sampler.summary()).isZero();
  }

  public String workerIp(String hash) {
    return rollouts.readyPods(hash).get(0).getStatus().getPodIP();
  }

  /**
   * Revision {@code hash}'s connector as its worker reports it.
   *
   * @throws AssertionError if it does not exist
   */
  public ConnectorStatus status(String hash) {
    return ConnectRest.at(workerIp(hash))
        .status(connector(hash))
        .orElseThrow(() -> new AssertionError(connector(hash) + " does not exist"));
  }

  public static String connector(String hash) {
    return ConnectSinkRollout.connector(hash);
  }

  private void close() {
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
}
