package io.kafkabluegreen.tests.bench;

import io.kafkabluegreen.tests.connect.ConnectSystem;
import io.kafkabluegreen.tests.connect.ConnectorOverlapSampler;
import io.kafkabluegreen.tests.connect.SinkTally;
import io.kafkabluegreen.tests.kafka.BrokerOptions;
import io.kafkabluegreen.tests.kafka.KafkaBroker;
import io.kafkabluegreen.tests.process.HttpResult;
import io.kafkabluegreen.tests.system.SystemOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Strategy E handover speed (issue 9): cycles of a switch (blue → green) and a rollback (green →
 * blue) under load, each one synchronous {@code POST …/handover} against two real Connect clusters.
 * Prints, per cycle, both handovers' provider time and the duplicates written during the cycle,
 * then p50/p99; the sink files prove the run lost nothing and the overlap sampler that two
 * connectors never ran at once.
 *
 * <p>Run (after {@code ./mvnw -q -pl tests/integration -am test-compile -Djib.skip=true}):
 *
 * <pre>
 * cd tests/integration && java -cp target/test-classes:target/classes:$(cat target/demo.classpath) \
 *   io.kafkabluegreen.tests.bench.ConnectHandoverBenchmark [--cycles=20] [--rate=300]
 * </pre>
 */
public final class ConnectHandoverBenchmark {

  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  private int cycles = 20;
  private int rate = 300;

  public static void main(String[] args) {
    ConnectHandoverBenchmark bench = new ConnectHandoverBenchmark();
    for (String arg : args) {
      String[] kv = arg.replaceFirst("^--", "").split("=", 2);
      switch (kv[0]) {
        case "cycles" -> bench.cycles = Integer.parseInt(kv[1]);
        case "rate" -> bench.rate = Integer.parseInt(kv[1]);
        default -> throw new IllegalArgumentException("unknown option " + arg);
      }
    }
    bench.run();
    System.exit(0);
  }

  private void run() {
    Path logs = createDirectories(Path.of("target", "bench-logs", "connect"));
    BrokerOptions brokerOptions = new BrokerOptions(Map.of(), "768m", logs, "warn");
    try (KafkaBroker broker = KafkaBroker.start(brokerOptions)) {
      SystemOptions options = SystemOptions.of("bench-connect", logs);
      try (ConnectSystem system = ConnectSystem.start(broker, options, rate)) {
        measure(system);
      }
    }
  }

  private void measure(ConnectSystem system) {
    List<Long> switches = new ArrayList<>();
    List<Long> rollbacks = new ArrayList<>();
    List<Long> duplicates = new ArrayList<>();
    int failures = 0;
    System.out.printf(
        "%-6s %-12s %-12s %-12s %s%n", "cycle", "switch ms", "rollback ms", "POST ms", "dups");
    try (ConnectorOverlapSampler sampler = system.sampleOverlap(Duration.ofMillis(20))) {
      settle(system);
      for (int i = 1; i <= cycles; i++) {
        long firstSeq = system.load().sent();
        HttpResult forward = system.handover(system.green(), TIMEOUT);
        settle(system);
        HttpResult back = system.handover(system.blue(), TIMEOUT);
        settle(system);
        failures += active(forward) ? 0 : 1;
        failures += active(back) ? 0 : 1;
        long lastSeq = system.load().sent();
        awaitWritten(system, lastSeq);
        long dups = system.tally().duplicates(firstSeq, lastSeq);
        switches.add(total(forward));
        rollbacks.add(total(back));
        duplicates.add(dups);
        System.out.printf(
            "%-6d %-12d %-12d %-12s %d%n",
            i,
            total(forward),
            total(back),
            forward.elapsedMillis() + "/" + back.elapsedMillis(),
            dups);
        if (!active(forward) || !active(back)) {
          System.out.println("   forward: " + forward + "\n   back: " + back);
        }
      }
      ConnectorOverlapSampler.Stats overlap = sampler.stop();
      // the last records are judged once written: stop the load, then wait for the tail
      system.load().stop();
      long produced = system.load().sent();
      awaitWritten(system, produced);
      SinkTally tally = system.tally();
      long lost = tally.missing(0, produced);
      System.out.println();
      System.out.printf(
          "Connect handover benchmark: %d cycles, %d records/s, %d partitions, %d tasks; load"
              + " average %s%n",
          cycles, rate, ConnectSystem.PARTITIONS, ConnectSystem.TASKS, loadAverage());
      System.out.printf(
          "%-22s %-22s %-16s %s%n",
          "switch ms p50/p99/max",
          "rollback ms p50/p99/max",
          "dups/cycle max",
          "failed lost overlap samples");
      System.out.printf(
          "%-22s %-22s %-16d %d %d %d %d%n",
          stats(switches),
          stats(rollbacks),
          duplicates.stream().mapToLong(Long::longValue).max().orElse(-1),
          failures,
          lost,
          overlap.overlaps(),
          overlap.samples());
    }
  }

  private static String stats(List<Long> values) {
    return SwitchStats.p(values, 50)
        + "/"
        + SwitchStats.p(values, 99)
        + "/"
        + SwitchStats.p(values, 100);
  }

  private static boolean active(HttpResult result) {
    return "Active".equals(result.text("phase"));
  }

  /** The provider's own measure of the handover, first Lease read to the end. */
  private static long total(HttpResult result) {
    return result.body().path("durationsMs").path("total").asLong(-1);
  }

  /** Until every load record up to {@code lastSeq} is in a sink file (bounded). */
  private void awaitWritten(ConnectSystem system, long lastSeq) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (system.tally().missing(0, lastSeq) > 0 && System.nanoTime() < deadline) {
      LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
    }
  }

  /** About one second of load between two handovers, so each one stands alone. */
  private void settle(ConnectSystem system) {
    long target = system.load().acknowledged() + rate;
    while (system.load().acknowledged() < target) {
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
  }

  private static Path createDirectories(Path dir) {
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }
}
