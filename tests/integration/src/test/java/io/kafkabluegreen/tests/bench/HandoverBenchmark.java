package io.kafkabluegreen.tests.bench;

import io.kafkabluegreen.tests.kafka.BrokerOptions;
import io.kafkabluegreen.tests.kafka.KafkaBroker;
import io.kafkabluegreen.tests.load.LoadProducer;
import io.kafkabluegreen.tests.process.HttpResult;
import io.kafkabluegreen.tests.report.SwitchTiming;
import io.kafkabluegreen.tests.system.LocalSystem;
import io.kafkabluegreen.tests.system.SystemOptions;
import io.kafkabluegreen.tests.validate.MembershipSampler;
import io.kafkabluegreen.tests.validate.MembershipStats;
import io.kafkabluegreen.tests.validate.ValidationResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Strategy C handover speed (issue #4): many switches back and forth under load, for {@code
 * group.protocol=classic} with the broker's {@code group.initial.rebalance.delay.ms} at 0 and at
 * its default 3000, and for {@code group.protocol=consumer}. Each switch is a synchronous {@code
 * POST .../handover} (the provider's Rollout watcher is off, so that nothing but the protocol is
 * measured); the audit topic then gives the consumption gap and proves the runs clean.
 *
 * <p>Run (after {@code ./mvnw -q -pl tests/integration -am test-compile}):
 *
 * <pre>
 * cd tests/integration && java -cp target/test-classes:target/classes:$(cat target/demo.classpath) \
 *   io.kafkabluegreen.tests.bench.HandoverBenchmark \
 *   [--switches=50] [--rate=2000] [--partitions=12] [--pods=3] \
 *   [--configs=classic-0,classic-3000,consumer,consumer-hb500]
 * </pre>
 *
 * <p>Configurations: {@code classic-<delay>} is {@code group.protocol=classic} with the broker's
 * {@code group.initial.rebalance.delay.ms=<delay>}; {@code consumer} is {@code
 * group.protocol=consumer} with the broker's defaults; {@code consumer-hb<ms>} also sets the
 * broker's {@code group.consumer.heartbeat.interval.ms} (and its minimum) to {@code <ms>}.
 */
public final class HandoverBenchmark {

  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  private int switches = 50;
  private int rate = 2000;
  private int partitions = 12;
  private int pods = 3;
  private List<String> configs = List.of("classic-0", "classic-3000", "consumer", "consumer-hb500");

  public static void main(String[] args) {
    HandoverBenchmark bench = new HandoverBenchmark();
    bench.parse(args);
    List<String> summaries = new ArrayList<>();
    for (String config : bench.configs) {
      summaries.add(bench.run(config));
    }
    System.out.println();
    System.out.println(
        "Handover benchmark: "
            + bench.switches
            + " switches, "
            + bench.rate
            + " records/s, "
            + bench.partitions
            + " partitions, "
            + bench.pods
            + "+"
            + bench.pods
            + " pods; "
            + "load average "
            + loadAverage());
    System.out.println(SwitchStats.header());
    summaries.forEach(System.out::println);
    System.exit(0);
  }

  private String run(String config) {
    boolean consumerProtocol = config.startsWith("consumer");
    String delay = consumerProtocol ? "0" : config.substring("classic-".length());
    Map<String, String> brokerConfig = new java.util.HashMap<>();
    brokerConfig.put("group.initial.rebalance.delay.ms", delay);
    if (config.startsWith("consumer-hb")) {
      // KIP-848: members learn their assignment on their next heartbeat, every 5 s by default
      String interval = config.substring("consumer-hb".length());
      brokerConfig.put("group.consumer.heartbeat.interval.ms", interval);
      brokerConfig.put("group.consumer.min.heartbeat.interval.ms", interval);
    }
    System.out.printf(
        "== %s: starting a broker (group.initial.rebalance.delay.ms=%s)%n", config, delay);
    Path logs = createDirectories(Path.of("target", "bench-logs", config));
    BrokerOptions brokerOptions = new BrokerOptions(brokerConfig, "768m", logs, "warn");
    try (KafkaBroker broker = KafkaBroker.start(brokerOptions)) {
      SystemOptions options =
          SystemOptions.of("bench-" + config.replace('_', '-'), logs)
              .withPartitions(partitions)
              .withPodsPerColor(pods)
              .withAppEnv("KAFKA_GROUP_PROTOCOL", consumerProtocol ? "consumer" : "classic")
              .withProviderEnv("PROVIDER_WATCH_ENABLED", "false");
      try (LocalSystem system = LocalSystem.start(broker, options)) {
        system.awaitConsuming(system.blue(), TIMEOUT);
        return measure(config, system);
      }
    }
  }

  private String measure(String config, LocalSystem system) {
    List<long[]> requests = new ArrayList<>(); // {requestedAt, postMillis, providerTotal}
    List<String> targets = new ArrayList<>();
    int failures = 0;
    try (MembershipSampler sampler = system.sampleMembership();
        LoadProducer load = system.startLoad(rate)) {
      settle(load, rate);
      String to = system.green();
      for (int i = 1; i <= switches; i++) {
        long at = System.currentTimeMillis();
        HttpResult result = system.handover(to, TIMEOUT);
        long post = System.currentTimeMillis() - at;
        if (!"Active".equals(result.text("phase"))) {
          failures++;
          System.out.printf("   #%d to %s: %s%n", i, to, result);
        }
        requests.add(
            new long[] {at, post, result.body().path("durationsMs").path("total").asLong(-1)});
        targets.add(to);
        System.out.printf(
            "   #%d -> %s: %d ms (provider %d ms)%n", i, to, post, requests.get(i - 1)[2]);
        settle(load, rate);
        to = system.other(to);
      }
      load.stop();
      ValidationResult validation = system.awaitAllProcessed(TIMEOUT);
      MembershipStats membership = sampler.stop();
      List<SwitchTiming> timings = new ArrayList<>();
      for (int i = 0; i < requests.size(); i++) {
        timings.add(
            SwitchTiming.fromAudit(
                "switch",
                system.other(targets.get(i)),
                targets.get(i),
                requests.get(i)[0],
                validation.transitions()));
      }
      System.out.println("   audit: " + validation.summary());
      System.out.println("   group: " + membership.summary());
      return SwitchStats.line(config, requests, timings, validation, membership, failures);
    }
  }

  /** About one second of steady consumption between switches, so each switch stands alone. */
  private static void settle(LoadProducer load, int rate) {
    long target = load.acknowledged() + rate;
    while (load.acknowledged() < target) {
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
  }

  private static Path createDirectories(Path dir) {
    try {
      return java.nio.file.Files.createDirectories(dir);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String loadAverage() {
    try {
      return java.nio.file.Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }

  private void parse(String[] args) {
    for (String arg : args) {
      String[] kv = arg.replaceFirst("^--", "").split("=", 2);
      switch (kv[0]) {
        case "switches" -> switches = Integer.parseInt(kv[1]);
        case "rate" -> rate = Integer.parseInt(kv[1]);
        case "partitions" -> partitions = Integer.parseInt(kv[1]);
        case "pods" -> pods = Integer.parseInt(kv[1]);
        case "configs" -> configs = Arrays.asList(kv[1].split(","));
        default -> throw new IllegalArgumentException("unknown option " + arg);
      }
    }
  }
}
