package io.kafkabluegreen.tests.connect;

import static io.kafkabluegreen.tests.connect.ConnectScenarioRun.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import io.kafkabluegreen.lifecycle.lease.LeasePhase;
import io.kafkabluegreen.tests.connect.ConnectScenarioRun.Outcome;
import io.kafkabluegreen.tests.kafka.KafkaBroker;
import io.kafkabluegreen.tests.process.HttpResult;
import io.kafkabluegreen.tests.system.SystemOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Strategy E against real parts (issue 9, "Tests that must exist and pass"): two real Connect
 * clusters as the Rollout's blue and green revisions, FileStreamSinkConnector writing one file per
 * cluster, the provider as a process, a steady load of unique values. Every scenario starts settled
 * (one connector RUNNING with all its tasks, every other one stopped or absent) and switches
 * relative to whichever revision holds the Lease. Judged on the sink files (every value produced is
 * in one of them: 0 lost; duplicates reported) and on the overlap sampler (never two connectors
 * with a RUNNING task, never two sink groups with members, in any 20 ms sample).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConnectScenariosIT {

  static final int RATE = 300;
  static final Duration WAIT = Duration.ofSeconds(60);
  // the provider's bounds, short so that failures answer quickly
  static final long VERIFY_TIMEOUT_MS = 5000;
  static final long CONNECT_REQUEST_TIMEOUT_MS = 5000;

  ConnectSystem system;

  @BeforeAll
  void startSystem() {
    SystemOptions options =
        SystemOptions.of("connect-scn", Path.of("target", "scenario-logs"))
            .withProviderEnv("PROVIDER_HANDOVER_DRAIN_TIMEOUT_MS", "3000")
            .withProviderEnv("PROVIDER_HANDOVER_VERIFY_TIMEOUT_MS", "" + VERIFY_TIMEOUT_MS)
            .withProviderEnv("PROVIDER_HANDOVER_ACTIVATE_TIMEOUT_MS", "30000")
            .withProviderEnv("PROVIDER_CONNECT_TIMEOUT_MS", "" + CONNECT_REQUEST_TIMEOUT_MS)
            .withProviderEnv("PROVIDER_CONNECT_CONNECT_TIMEOUT_MS", "1000");
    system = ConnectSystem.start(KafkaBroker.shared(), options, RATE);
  }

  @AfterAll
  void stopSystem() {
    if (system != null) {
      system.close();
    }
  }

  @BeforeEach
  void settle() {
    assertThat(system.lease().phase()).isEqualTo(LeasePhase.ACTIVE);
    String holder = system.leaseHolder();
    system.awaitSettled(holder, TIMEOUT);
    system.holdStable(holder);
  }

  @Test
  @Order(1)
  void When_switched_under_load_Then_nothing_lost_and_never_both_connectors() {
    String from = system.leaseHolder();
    String to = system.other(from);
    try (ConnectScenarioRun run = runUnderLoad()) {
      HttpResult result = promoteAndHandOver(to);
      system.markStable(to);
      run.awaitMoreProduced(RATE);
      Outcome outcome = run.finish();

      assertActive(result, to);
      outcome.assertSafe();
      System.out.println("switch durationsMs " + result.body().path("durationsMs"));
    }
  }

  @Test
  @Order(2)
  void When_switched_and_rolled_back_at_once_Then_nothing_lost_and_never_both_connectors() {
    String from = system.leaseHolder();
    String to = system.other(from);
    try (ConnectScenarioRun run = runUnderLoad()) {
      HttpResult forward = promoteAndHandOver(to);
      HttpResult back = abortAndHandBack(from);
      run.awaitMoreProduced(RATE);
      Outcome outcome = run.finish();

      assertActive(forward, to);
      assertActive(back, from);
      outcome.assertSafe();
      System.out.println(
          "switch durationsMs "
              + forward.body().path("durationsMs")
              + "\nrollback durationsMs "
              + back.body().path("durationsMs"));
    }
  }

  @Test
  @Order(3)
  void When_switched_with_a_large_lag_Then_the_new_connector_starts_where_the_old_stopped()
      throws IOException {
    String from = system.leaseHolder();
    String to = system.other(from);
    int burst = 50_000;
    try (ConnectScenarioRun run = runUnderLoad()) {
      String id = run.burst(burst);
      long committedLag = system.committedLag(from);
      long unwritten = system.tally().burstMissing(id, burst);
      // the lag web metric measures a sink group like any other consumer group
      HttpResult lag = system.provider().lag(system.revision(from).group());
      HttpResult result = promoteAndHandOver(to);
      system.markStable(to);
      run.awaitMoreProduced(RATE);
      Outcome outcome = run.finish();

      System.out.printf(
          "lag at the switch: %d records not committed by %s, %d of the burst not written yet;"
              + " durationsMs %s%n",
          committedLag, from, unwritten, result.body().path("durationsMs"));
      // a burst of 50k records just before the switch: most of it is not committed yet (Connect
      // commits every offset.flush.interval.ms, 60 s by default, and when a task stops)
      assertThat(committedLag).isGreaterThan(10_000);
      assertThat(lag.status()).as(lag.toString()).isEqualTo(200);
      assertThat(lag.body().path("totalLag").asLong()).as(lag.toString()).isGreaterThan(10_000);
      assertActive(result, to);
      outcome.assertSafe();
    }
  }

  @Test
  @Order(4)
  void When_the_new_connector_task_fails_Then_failed_at_activate_and_back_to_the_old_one()
      throws IOException {
    String from = system.leaseHolder();
    String broken = SystemOptions.randomHash();
    // a directory where the file should be: FileStreamSinkTask.start cannot open it and fails
    Path notAFile = Files.createDirectories(system.sinkFile("broken"));
    system.deployRevision("broken", broken, notAFile);
    try (ConnectScenarioRun run = runUnderLoad()) {
      HttpResult failed = promoteAndHandOver(broken);
      HttpResult health =
          system
              .provider()
              .revision(system.options().namespace(), system.options().rollout(), broken);
      // Argo: the analysis fails, the Rollout aborts, the watcher hands back to stable
      HttpResult back = abortAndHandBack(from);
      run.awaitMoreProduced(RATE);
      Outcome outcome = run.finish();

      System.out.println("failed handover: " + failed + "\nback: " + back);
      assertThat(failed.text("phase")).as(failed.toString()).isEqualTo("Failed");
      assertThat(failed.text("step")).as(failed.toString()).isEqualTo("activate");
      assertThat(failed.text("reason")).as(failed.toString()).contains("FAILED");
      // revisions/{hash} reads Connect's states: a FAILED task makes the revision not ready
      assertThat(health.body().path("ready").asBoolean(true)).as(health.toString()).isFalse();
      assertThat(health.body().path("pods").get(0).path("error").asText())
          .as(health.toString())
          .contains("FAILED");
      assertActive(back, from);
      outcome.assertSafe();
    } finally {
      system.removeRevision(broken);
    }
  }

  @Test
  @Order(5)
  void When_the_new_clusters_rest_api_is_down_Then_failed_quickly_and_the_old_one_resumes() {
    String from = system.leaseHolder();
    String to = system.other(from);
    ConnectCluster target = system.revision(to).cluster();
    try (ConnectScenarioRun run = runUnderLoad()) {
      for (int i = 0; i < target.options().workers(); i++) {
        target.killWorker(i);
      }

      HttpResult failed = promoteAndHandOver(to);
      system.abort();
      // the rollback resumed the old connector (the other cluster is still down: not settled)
      system.awaitStatus(from, s -> s.runningWithAllTasks(ConnectSystem.TASKS), TIMEOUT);
      run.awaitMoreProduced(RATE);
      Outcome outcome = run.finish();

      long bound = CONNECT_REQUEST_TIMEOUT_MS + VERIFY_TIMEOUT_MS + 5000;
      System.out.printf(
          "REST down: answered %s in %d ms (bound %d ms)%n",
          failed.text("phase"), failed.elapsedMillis(), bound);
      System.out.println("failed handover: " + failed);
      assertThat(failed.text("phase")).as(failed.toString()).isEqualTo("Failed");
      assertThat(failed.elapsedMillis()).as(failed.toString()).isLessThan(bound);
      assertThat(system.leaseHolder()).isEqualTo(from);
      outcome.assertSafe();
    } finally {
      for (int i = 0; i < target.options().workers(); i++) {
        if (!target.isRunning(i)) {
          target.startWorker(i);
        }
      }
    }
  }

  /** A run of the load, started and past its first second's worth of records. */
  private ConnectScenarioRun runUnderLoad() {
    ConnectScenarioRun run = ConnectScenarioRun.start(system);
    try {
      run.awaitMoreProduced(RATE);
      return run;
    } catch (RuntimeException | Error e) {
      run.close();
      throw e;
    }
  }

  /** Argo's promotion of {@code hash}, then the post-promotion analysis's handover to it. */
  private HttpResult promoteAndHandOver(String hash) {
    system.promote(hash);
    return system.handover(hash, WAIT);
  }

  /** Argo's abort (the analysis failed), then the handover back to stable {@code hash}. */
  private HttpResult abortAndHandBack(String hash) {
    system.abort();
    return system.handover(hash, WAIT);
  }

  private static void assertActive(HttpResult result, String hash) {
    assertThat(result.status()).as(result.toString()).isEqualTo(200);
    assertThat(result.text("phase")).as(result.toString()).isEqualTo("Active");
    assertThat(result.text("activeHash")).as(result.toString()).isEqualTo(hash);
  }
}
