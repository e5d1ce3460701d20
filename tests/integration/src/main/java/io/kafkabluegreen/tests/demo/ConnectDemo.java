package io.kafkabluegreen.tests.demo;

import io.kafkabluegreen.tests.connect.ConnectSystem;
import io.kafkabluegreen.tests.connect.ConnectorOverlapSampler;
import io.kafkabluegreen.tests.connect.SinkTally;
import io.kafkabluegreen.tests.kafka.BrokerOptions;
import io.kafkabluegreen.tests.kafka.KafkaBroker;
import io.kafkabluegreen.tests.process.HttpResult;
import io.kafkabluegreen.tests.report.Report;
import io.kafkabluegreen.tests.report.RunSummary;
import io.kafkabluegreen.tests.report.SwitchTiming;
import io.kafkabluegreen.tests.system.SystemOptions;
import io.kafkabluegreen.tests.validate.MembershipStats;
import io.kafkabluegreen.tests.validate.ValidationResult;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * {@code ./demo.sh --strategy=connect}: the same six steps for strategy E. A broker; the Rollout,
 * the provider and one real Kafka Connect cluster per color, blue's FileStreamSinkConnector RUNNING
 * and writing {@code blue.txt}; load; promotion to green, then an abort back to blue. The
 * provider's watcher is off in {@link ConnectSystem}, so each switch is what Argo's post-promotion
 * analysis does: one {@code POST …/handover}. The sink files then prove what happened.
 *
 * <p>Sink lines carry no timestamps, so the switch time is the Rollout's move to the provider's
 * answer — the new connector RUNNING with every task and its sink group owning every partition —
 * and the timeline is the growth of each file, sampled every second. E is at-least-once (a
 * connector's offsets are committed when its tasks stop, then copied): duplicates are reported, not
 * fatal; a loss, a switch that did not complete or any overlap is.
 */
final class ConnectDemo {

  private static final Duration SWITCH_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration SAMPLE_INTERVAL = Duration.ofMillis(20);

  private final DemoOptions options;
  private final DemoConsole console;
  private final PrintStream out;

  ConnectDemo(DemoOptions options, DemoConsole console) {
    this.options = options;
    this.console = console;
    this.out = console.out();
  }

  boolean run() throws Exception {
    Path logs = Files.createDirectories(options.outDir().resolve("logs").toAbsolutePath());
    out.println(
        "kafka-bluegreen demo — blue/green switch of a Kafka Connect sink connector, driven by a"
            + " Rollout");
    console.step(1, "starting a Kafka broker (KRaft, child JVM)");
    try (KafkaBroker broker =
        KafkaBroker.start(new BrokerOptions(Map.of(), "512m", logs, "warn"))) {
      console.step(
          2,
          "starting the Kubernetes API (Rollout 'orders', strategy connect, blue active),"
              + " analysis-provider, one Kafka Connect cluster per color; blue's"
              + " FileStreamSinkConnector RUNNING ("
              + ConnectSystem.TASKS
              + " tasks, "
              + ConnectSystem.PARTITIONS
              + " partitions; --partitions and --pods do not apply)");
      try (ConnectSystem system =
          ConnectSystem.start(broker, SystemOptions.of("orders", logs), options.rate())) {
        Map<String, String> colors = new LinkedHashMap<>();
        colors.put(system.blue(), "blue");
        colors.put(system.green(), "green");
        out.printf(
            "      blue = %s, green = %s, sink files in %s, logs in %s%n",
            system.blue(), system.green(), system.sinkFile("blue").getParent(), logs);
        RunSummary run = measure(system, colors);
        Report report =
            new Report(
                "kafka-bluegreen demo (strategy E, Kafka Connect sink connectors)",
                colors,
                List.of(run),
                notes());
        return console.conclude(report, run, options.outDir(), DemoConsole.Rule.AT_LEAST_ONCE);
      }
    }
  }

  private RunSummary measure(ConnectSystem system, Map<String, String> colors) throws Exception {
    console.step(3, "producing " + options.rate() + " records/s; blue's connector writes blue.txt");
    try (ConnectorOverlapSampler sampler = system.sampleOverlap(SAMPLE_INTERVAL);
        Progress progress =
            new Progress(
                out,
                system.load()::acknowledged,
                colors,
                ".txt",
                hash -> lines(system.sinkFile(colors.get(hash))),
                () -> system.cluster().lease(system.options().leaseName()).orElse(null))) {
      DemoConsole.pause(options.phase());

      console.step(
          4,
          "promoting green: Rollout status.blueGreen.activeSelector -> "
              + system.green()
              + ", then the post-promotion analysis's POST …/handover?to="
              + system.green());
      SwitchTiming forward = handover(system, "switch", system.green(), system::promote);
      DemoConsole.pause(options.phase());

      console.step(5, "aborting: Rollout status.abort = true, then POST …/handover back to blue");
      SwitchTiming back = handover(system, "rollback", system.blue(), hash -> system.abort());
      DemoConsole.pause(options.phase());

      console.step(6, "stopping the producer; waiting until every record is in a sink file");
      system.load().stop();
      long produced = system.load().sent();
      SinkTally tally = awaitWritten(system, produced);
      progress.close();
      ConnectorOverlapSampler.Stats overlap = sampler.stop();
      return new RunSummary(
          "E: blue -> green -> blue",
          List.of(forward, back),
          validation(tally, produced, overlap, progress),
          membership(overlap));
    }
  }

  /**
   * Argo's move ({@code rolloutMove}), then the handover its analysis asks for; complete when the
   * provider answers Active.
   */
  private SwitchTiming handover(
      ConnectSystem system, String label, String to, Consumer<String> rolloutMove) {
    String from = system.other(to);
    long requestedAt = System.currentTimeMillis();
    rolloutMove.accept(to);
    HttpResult result = system.handover(to, SWITCH_TIMEOUT);
    long answeredAt = System.currentTimeMillis();
    console.handover(result.body());
    // where the switch time went outside the provider's own clock
    out.printf(
        "      Rollout moved in %d ms; the POST answered in %d ms%n",
        answeredAt - requestedAt - result.elapsedMillis(), result.elapsedMillis());
    boolean active = "Active".equals(result.text("phase"));
    if (!active) {
      out.println("      provider answered " + result);
    }
    return new SwitchTiming(label, from, to, requestedAt, active ? answeredAt : -1, -1);
  }

  /** Until every load record below {@code produced} is in a file, or the timeout. */
  private static SinkTally awaitWritten(ConnectSystem system, long produced) {
    long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
    SinkTally tally = system.tally();
    while (tally.missing(0, produced) > 0 && System.nanoTime() < deadline) {
      LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
      tally = system.tally();
    }
    return tally;
  }

  /**
   * The sink files in the audit's shape: produced, written, lost = missing, twice = written more
   * than once, dual-active instants = status rounds with two connectors RUNNING a task.
   */
  private static ValidationResult validation(
      SinkTally tally, long produced, ConnectorOverlapSampler.Stats overlap, Progress progress) {
    long lost = tally.missing(0, produced);
    return new ValidationResult(
        produced,
        produced - lost,
        lost,
        List.of(),
        tally.duplicates(0, produced),
        Map.of(),
        List.of(),
        overlap.runningOverlaps(),
        List.of(),
        List.of(),
        progress.timeline(),
        tally.lines(),
        0);
  }

  /** The sampler's group rounds: two sink groups with members is the dual sample. */
  private static MembershipStats membership(ConnectorOverlapSampler.Stats overlap) {
    return new MembershipStats(
        overlap.groupSamples(),
        overlap.memberOverlaps(),
        overlap.emptyGroupRounds(),
        overlap.failedGroupRounds(),
        overlap.longestEmptyMillis(),
        List.of(),
        List.of());
  }

  private static List<String> notes() {
    return List.of(
        "switch/rollback ms: the Rollout's move to the provider's answer Active — the new"
            + " connector RUNNING with every task and its sink group owning every partition (sink"
            + " lines carry no timestamps, so not to its first record written)",
        "twice: records written to the sink files more than once; strategy E is at-least-once,"
            + " so they are reported, not a failure",
        "dual-active instants: 20 ms status rounds in which both connectors had a RUNNING task;"
            + " dual group samples: rounds in which both sink groups had members",
        "timeline: lines added to each color's sink file per second, sampled by the demo");
  }

  /** Lines in a sink file (0 while it does not exist). */
  private static long lines(Path file) {
    if (!Files.isRegularFile(file)) {
      return 0;
    }
    try (Stream<String> lines = Files.lines(file)) {
      return lines.count();
    } catch (IOException | UncheckedIOException e) {
      return 0; // read again next second
    }
  }
}
