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
 * Strategy C handover speed (issues #4 and #10): many switches back and forth under load, with the
 * broker's default group settings ({@code group.initial.rebalance.delay.ms=3000}, {@code
 * group.consumer.heartbeat.interval.ms=5000}), side by side for each group protocol and each
 * membership mode of lifecycle-webhook: {@code leave} (a pod that may not consume leaves the group,
 * so the new color joins an empty one) and {@code standby} (it stays a member holding nothing; the
 * library's assignor gives the partitions to the Lease's color). Each switch is a synchronous
 * {@code POST .../handover}, which answers once every partition is owned by the new color (the
 * provider's Rollout watcher is off, so that nothing but the protocol is measured); the audit topic
 * then gives the consumption gap and proves the runs clean, and the answers' step durations show
 * where the time goes.
 *
 * <p>Run: {@code tests/integration/bench.sh HandoverBenchmark -- [--switches=50] [--rate=2000]
 * [--leave-switches=N] [--partitions=12] [--pods=3]
 * [--configs=eager-leave,eager-standby,cooperative-leave, cooperative-standby,consumer-leave]}
 *
 * <p>Configurations {@code <protocol>-<membership>}: protocol {@code eager} ({@code
 * group.protocol=classic}, RangeAssignor), {@code cooperative} (classic, CooperativeStickyAssignor)
 * or {@code consumer} (KIP-848); membership {@code leave} or {@code standby} ({@code
 * LIFECYCLE_MEMBERSHIP}; standby needs the classic protocol). Append {@code @key=value} to set a
 * broker property for that configuration only, e.g. {@code
 * eager-leave@group.initial.rebalance.delay.ms=0}.
 */
public final class HandoverBenchmark {

  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final List<String> STEPS = List.of("drain", "verify", "activate", "total");
  private final List<String> stepLines = new ArrayList<>();
  private final Map<String, String> appEnv = new java.util.HashMap<>();

  private int switches = 50;
  private int leaveSwitches = -1; // a leave switch takes ~6 s: fewer of them keep the run short
  private int rate = 2000;
  private int partitions = 12;
  private int pods = 3;
  private List<String> configs =
      List.of(
          "eager-leave",
          "eager-standby",
          "cooperative-leave",
          "cooperative-standby",
          "consumer-leave");

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
    System.out.println();
    System.out.println("Provider steps, ms p50/p90/p99/max (from each answer's durationsMs)");
    System.out.println(SwitchStats.stepsHeader(STEPS));
    bench.stepLines.forEach(System.out::println);
    System.exit(0);
  }

  private String run(String config) {
    String[] parts = config.split("@", 2);
    String[] mode = parts[0].split("-", 2);
    Map<String, String> brokerConfig = new java.util.HashMap<>();
    if (parts.length == 2) {
      String[] kv = parts[1].split("=", 2);
      brokerConfig.put(kv[0], kv[1]);
    }
    System.out.printf("== %s: starting a broker (defaults%s)%n", config, brokerConfig);
    Path logs = createDirectories(Path.of("target", "bench-logs", parts[0]));
    BrokerOptions brokerOptions = new BrokerOptions(brokerConfig, "768m", logs, "warn");
    try (KafkaBroker broker = KafkaBroker.start(brokerOptions)) {
      SystemOptions options =
          SystemOptions.of("bench-" + parts[0], logs)
              .withPartitions(partitions)
              .withPodsPerColor(pods)
              .withAppEnv(
                  "KAFKA_GROUP_PROTOCOL", mode[0].equals("consumer") ? "consumer" : "classic")
              .withAppEnv("LIFECYCLE_MEMBERSHIP", mode[1])
              .withProviderEnv("PROVIDER_WATCH_ENABLED", "false");
      for (Map.Entry<String, String> e : appEnv.entrySet()) {
        options = options.withAppEnv(e.getKey(), e.getValue());
      }
      if (!mode[0].equals("consumer")) {
        options =
            options.withAppEnv(
                "KAFKA_PARTITION_ASSIGNMENT_STRATEGY",
                mode[0].equals("cooperative")
                    ? "org.apache.kafka.clients.consumer.CooperativeStickyAssignor"
                    : "org.apache.kafka.clients.consumer.RangeAssignor");
      }
      try (LocalSystem system = LocalSystem.start(broker, options)) {
        system.awaitConsuming(system.blue(), TIMEOUT);
        return measure(config, system);
      }
    }
  }

  private String measure(String config, LocalSystem system) {
    List<long[]> requests = new ArrayList<>(); // {requestedAt, postMillis, providerTotal}
    List<String> targets = new ArrayList<>();
    Map<String, List<Long>> steps = new java.util.LinkedHashMap<>();
    int failures = 0;
    try (MembershipSampler sampler = system.sampleMembership();
        LoadProducer load = system.startLoad(rate)) {
      settle(load, rate);
      String to = system.green();
      int count = config.contains("-leave") && leaveSwitches > 0 ? leaveSwitches : switches;
      for (int i = 1; i <= count; i++) {
        long at = System.currentTimeMillis();
        HttpResult result = system.handover(to, TIMEOUT);
        long post = System.currentTimeMillis() - at;
        if (!"Active".equals(result.text("phase"))) {
          failures++;
          System.out.printf("   #%d to %s: %s%n", i, to, result);
        }
        var durations = result.body().path("durationsMs");
        requests.add(new long[] {at, post, durations.path("total").asLong(-1)});
        for (String step : STEPS) {
          steps.computeIfAbsent(step, k -> new ArrayList<>()).add(durations.path(step).asLong(-1));
        }
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
      stepLines.add(SwitchStats.steps(config, steps));
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
        case "leave-switches" -> leaveSwitches = Integer.parseInt(kv[1]);
        case "rate" -> rate = Integer.parseInt(kv[1]);
        case "partitions" -> partitions = Integer.parseInt(kv[1]);
        case "pods" -> pods = Integer.parseInt(kv[1]);
        case "configs" -> configs = Arrays.asList(kv[1].split(","));
        case "app-env" -> {
          String[] env = kv[1].split("=", 2);
          appEnv.put(env[0], env[1]);
        }
        default -> throw new IllegalArgumentException("unknown option " + arg);
      }
    }
  }
}
