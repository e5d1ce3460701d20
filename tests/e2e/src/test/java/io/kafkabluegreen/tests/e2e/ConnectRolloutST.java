package io.kafkabluegreen.tests.e2e;

import static io.kafkabluegreen.tests.e2e.connect.ConnectRolloutRun.ROLLOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kafkabluegreen.tests.e2e.connect.ConnectRest;
import io.kafkabluegreen.tests.e2e.connect.ConnectRolloutRun;
import io.kafkabluegreen.tests.e2e.connect.ConnectRolloutRun.Outcome;
import io.kafkabluegreen.tests.e2e.rollouts.Rollouts;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Strategy E driven by the real Argo controller: a Rollout whose pods are Kafka Connect workers,
 * one Connect cluster per revision, each running the FileStreamSinkConnector {@code
 * orders-sink-<hash>}. The user creates blue's connector; Argo's post-promotion analysis (the
 * project's {@code kafka-handover} template) moves it to green, and {@code kubectl argo rollouts
 * undo} brings it back. Judged from the sink files (nothing lost, duplicates reported) and from
 * both workers' status, sampled throughout (never two connectors running tasks).
 */
class ConnectRolloutST {

  @RegisterExtension final ConnectRolloutRun run = new ConnectRolloutRun();

  @Test
  void
      When_a_connect_rollout_is_promoted_then_undone_Then_the_sink_moves_and_returns_losing_nothing() {
    // Given the provider installed by its chart, and a Rollout of Connect workers
    run.install("connect", Map.of());
    String blue = run.awaitBlue();

    // When the user creates blue's connector, the provider makes blue the Lease's holder
    createConnector(blue);
    run.awaitBlueConsuming(blue);

    // When a new revision is released, Argo promotes it and the handover moves the sink to green
    long switchStart = System.nanoTime();
    String green = run.releaseGreen(blue);
    long greenReady = System.nanoTime();
    run.watch(green);
    run.awaitHandedTo(green, blue);
    double switchSeconds = (System.nanoTime() - switchStart) / 1e9;
    double handoverSeconds = (System.nanoTime() - greenReady) / 1e9;
    run.awaitStable(green);
    int beforeRollback = run.deliveredCount();

    // When the operator undoes the release, the sink goes back to blue
    long rollbackStart = System.nanoTime();
    run.undo();
    run.awaitHandedBackTo(blue, green);
    double rollbackSeconds = (System.nanoTime() - rollbackStart) / 1e9;
    // settled: the handover the undo started has finished, whichever of Argo's analysis and the
    // provider's watcher started it
    run.awaitStable(blue);
    // blue consumes again: its file grows past what both had written before the undo
    run.awaitDeliveredPast(beforeRollback);

    // Then every produced record is in one of the files, and no two connectors ever ran at once
    Outcome outcome = run.finish();
    System.out.printf(
        "ConnectRolloutST: blue %s, green %s; template change → green RUNNING with the Lease %.1f s"
            + " (%.1f s of it after green's worker was Ready); undo → blue RUNNING with the Lease"
            + " %.1f s; %d produced, %d delivered, %d duplicates; %s; analysis runs %s%n",
        blue,
        green,
        switchSeconds,
        handoverSeconds,
        rollbackSeconds,
        outcome.produced().size(),
        outcome.delivered().size(),
        outcome.duplicates(),
        run.sampler().summary(),
        analysisRuns());
    run.assertNothingLostNeverTwoRunning(outcome);
    assertThat(run.rollouts().stableHash(ROLLOUT)).isEqualTo(blue);
    // green's promotion went through the kafka-handover analysis, which the provider answered
    // Active (the watcher may have started that handover first; the analysis joins it)
    assertThat(analysisRuns()).anyMatch(analysis -> analysis.endsWith("-post=Successful"));
  }

  /** Each AnalysisRun of the test's namespace with its phase: which analyses Argo ran. */
  private List<String> analysisRuns() {
    return run
        .cluster()
        .client()
        .genericKubernetesResources(Rollouts.API_VERSION, "AnalysisRun")
        .inNamespace(run.namespace())
        .list()
        .getItems()
        .stream()
        .map(r -> r.getMetadata().getName() + "=" + Rollouts.field(r, "status", "phase"))
        .sorted()
        .toList();
  }

  /** The user's step: blue's connector, created RUNNING through its worker's REST API. */
  private void createConnector(String hash) {
    ConnectRest rest = ConnectRest.at(run.workerIp(hash));
    String connector = ConnectRolloutRun.connector(hash);
    Map<String, String> config =
        Map.of(
            "connector.class", "org.apache.kafka.connect.file.FileStreamSinkConnector",
            "tasks.max", "2",
            "topics", run.kafka().topic(),
            "file", "${env:KBG_SINK_FILE}");
    // a worker answers GET / before it has joined its cluster; until then a create is refused
    await()
        .atMost(ConnectRolloutRun.TIMEOUT)
        .ignoreExceptions()
        .until(
            () -> {
              if (rest.status(connector).isEmpty()) {
                rest.create(connector, config);
              }
              return rest.status(connector).isPresent();
            });
  }
}
