package io.kafkabluegreen.tests.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.kafkabluegreen.tests.kafka.BrokerOptions;
import io.kafkabluegreen.tests.kafka.KafkaBroker;
import io.kafkabluegreen.tests.load.LoadProducer;
import io.kafkabluegreen.tests.process.ConsumerAppProcess;
import io.kafkabluegreen.tests.report.Report;
import io.kafkabluegreen.tests.report.RunSummary;
import io.kafkabluegreen.tests.report.SwitchTiming;
import io.kafkabluegreen.tests.system.LocalSystem;
import io.kafkabluegreen.tests.system.Strategy;
import io.kafkabluegreen.tests.system.SystemOptions;
import io.kafkabluegreen.tests.validate.MembershipSampler;
import io.kafkabluegreen.tests.validate.MembershipStats;
import io.kafkabluegreen.tests.validate.ValidationResult;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * The README's first command ({@code ./demo.sh}): the real thing on one machine. A Kafka broker, a
 * Kubernetes API holding a blueGreen Rollout, analysis-provider, two blue and two green
 * consumer-app processes and a producer under load; then one switch to green and one rollback to
 * blue driven through the Rollout object exactly as Argo Rollouts moves it (promotion sets the
 * active selector; an abort sets {@code abort: true} with blue still stable). The audit topic then
 * proves what happened: records produced, lost, processed twice, dual-active instants, and the
 * timeline of records per second by color.
 *
 * <p>Exit code 0 when both switches completed with nothing lost, nothing processed twice and never
 * both colors active; 1 otherwise. {@code --strategy=connect} runs the same demo for strategy E
 * ({@link ConnectDemo}).
 */
public final class Demo {

  private static final Duration SWITCH_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(120);

  private final DemoOptions options;
  private final DemoConsole console;
  private final PrintStream out;

  private Demo(DemoOptions options, DemoConsole console) {
    this.options = options;
    this.console = console;
    this.out = console.out();
  }

  public static void main(String[] args) throws Exception {
    // set before the first logger exists; several modules on the classpath ship a logback.xml
    System.setProperty(
        "logback.configurationFile", "io/kafkabluegreen/tests/demo/demo-logback.xml");
    DemoOptions options = DemoOptions.parse(args);
    DemoConsole console = new DemoConsole(System.out);
    boolean clean =
        options.strategy().equals("connect")
            ? new ConnectDemo(options, console).run()
            : new Demo(options, console).run();
    System.exit(clean ? 0 : 1);
  }

  boolean run() throws Exception {
    Path logs = Files.createDirectories(options.outDir().resolve("logs").toAbsolutePath());
    out.println(
        "kafka-bluegreen demo — blue/green switch of a Kafka consumer, driven by a Rollout");
    console.step(1, "starting a Kafka broker (KRaft, child JVM)");
    try (KafkaBroker broker =
        KafkaBroker.start(new BrokerOptions(Map.of(), "512m", logs, "warn"))) {
      Strategy strategy =
          options.strategy().equals("offset-sync") ? Strategy.OFFSET_SYNC : Strategy.PAUSE_RESUME;
      SystemOptions systemOptions =
          SystemOptions.of("orders", logs)
              .withStrategy(strategy)
              .withPartitions(options.partitions())
              .withPodsPerColor(options.podsPerColor());
      console.step(
          2,
          "starting the Kubernetes API (Rollout 'orders', blue active), analysis-provider and "
              + options.podsPerColor()
              + " blue + "
              + options.podsPerColor()
              + " green consumer-app pods");
      try (LocalSystem system = LocalSystem.start(broker, systemOptions)) {
        Map<String, String> colors = new LinkedHashMap<>();
        colors.put(system.blue(), "blue");
        colors.put(system.green(), "green");
        out.printf(
            "      blue = %s, green = %s, pods on 127.0.x.y, logs in %s%n",
            system.blue(), system.green(), logs);
        system.awaitConsuming(system.blue(), SWITCH_TIMEOUT);
        RunSummary run = measure(system, colors);
        Report report =
            new Report("kafka-bluegreen demo (" + title(strategy) + ")", colors, List.of(run));
        return console.conclude(report, run, options.outDir(), DemoConsole.Rule.EXACTLY_ONCE);
      }
    }
  }

  private RunSummary measure(LocalSystem system, Map<String, String> colors) throws Exception {
    console.step(3, "producing " + options.rate() + " records/s; blue consumes");
    try (MembershipSampler sampler = system.sampleMembership();
        LoadProducer load = system.startLoad(options.rate());
        Progress progress =
            new Progress(
                out,
                load::acknowledged,
                colors,
                "",
                hash -> processed(system, hash),
                system::lease)) {
      DemoConsole.pause(options.phase());

      console.step(
          4, "promoting green: Rollout status.blueGreen.activeSelector -> " + system.green());
      long switchAt = system.promote(system.green());
      system.awaitConsuming(system.green(), SWITCH_TIMEOUT);
      printLastHandover(system, system.green());
      DemoConsole.pause(options.phase());

      console.step(5, "aborting: Rollout status.abort = true (stableRS is still blue)");
      long rollbackAt = system.abort();
      system.awaitConsuming(system.blue(), SWITCH_TIMEOUT);
      printLastHandover(system, system.blue());
      DemoConsole.pause(options.phase());

      console.step(6, "stopping the producer; waiting until every record is audited");
      load.stop();
      progress.close();
      ValidationResult result = system.awaitAllProcessed(DRAIN_TIMEOUT);
      MembershipStats membership = sampler.stop();
      List<SwitchTiming> timings =
          List.of(
              SwitchTiming.fromAudit(
                  "switch", system.blue(), system.green(), switchAt, result.transitions()),
              SwitchTiming.fromAudit(
                  "rollback", system.green(), system.blue(), rollbackAt, result.transitions()));
      return new RunSummary(
          system.options().strategy() == Strategy.OFFSET_SYNC
              ? "B: blue -> green -> blue"
              : "C: blue -> green -> blue",
          timings,
          result,
          membership);
    }
  }

  /**
   * The provider's own account of the switch it just made (its GET handover endpoint), once it has
   * filed it: its activation step ends when the new pods own every partition, a little after they
   * report ACTIVE.
   */
  private void printLastHandover(LocalSystem system, String hash) {
    JsonNode last = providerRecord(system, hash);
    if (last == null) {
      out.println("      provider: no handover record for " + hash + " yet");
    } else {
      console.handover(last);
    }
  }

  /** Records processed by {@code hash}'s pods, from their {@code /lifecycle/status}. */
  private static long processed(LocalSystem system, String hash) {
    long total = 0;
    for (ConsumerAppProcess pod : system.pods(hash)) {
      try {
        total += pod.status().body().path("processed").asLong(0);
      } catch (IOException e) {
        // a pod that does not answer this second simply does not count
      }
    }
    return total;
  }

  private static JsonNode providerRecord(LocalSystem system, String hash) {
    long deadline = System.nanoTime() + SWITCH_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        JsonNode last =
            system
                .provider()
                .handoverState(system.options().namespace(), system.options().rollout())
                .body()
                .path("last");
        if (last.path("targetHash").asText().equals(hash)) {
          return last;
        }
      } catch (IOException e) {
        // the provider is busy or restarting: ask again
      }
      LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
    }
    return null;
  }

  private static String title(Strategy strategy) {
    return strategy == Strategy.OFFSET_SYNC
        ? "strategy B, one group per revision + offset copy"
        : "strategy C, pause/resume";
  }
}
