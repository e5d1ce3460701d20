package io.kafkabluegreen.tests.bench;

import io.kafkabluegreen.lifecycle.lease.LeasePhase;
import io.kafkabluegreen.lifecycle.lease.LeaseState;
import io.kafkabluegreen.tests.kafka.BrokerOptions;
import io.kafkabluegreen.tests.kafka.KafkaBroker;
import io.kafkabluegreen.tests.load.LoadProducer;
import io.kafkabluegreen.tests.process.HttpResult;
import io.kafkabluegreen.tests.process.LoopbackAddresses;
import io.kafkabluegreen.tests.process.ProviderHandle;
import io.kafkabluegreen.tests.system.LocalSystem;
import io.kafkabluegreen.tests.system.SystemEnvironment;
import io.kafkabluegreen.tests.system.SystemOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cold path (issue #10): how much longer the first switch after a provider starts takes than
 * the ones after it. In production every switch is a first switch — deployments are hours apart, in
 * a provider that may have been restarted since — so the first one is the figure that counts.
 *
 * <p>One broker, one Rollout with two colors of consumer-app pods under light load; each round
 * starts a FRESH provider JVM (with the image's JIT settings, not the tests' quick-start ones),
 * lets it sit idle as a provider does between deployments, then switches once (the first switch)
 * and {@code --warm} more times on the same process. Two paths, each with its own providers:
 *
 * <ul>
 *   <li>{@code watcher}: the Rollout is promoted as Argo does it; the provider's watcher decides
 *       and hands over. Measured from the provider's own log: decision → first Lease write
 *       (Draining), and the handover's total and steps.
 *   <li>{@code post}: {@code POST .../handover?to=} as the post-promotion analysis calls it (the
 *       watcher off). Measured: request → Draining written, provider total, the POST's answer.
 * </ul>
 *
 * <p>Run: {@code tests/integration/bench.sh FirstSwitchBenchmark -- [--rounds=10] [--warm=3]
 * [--idle-ms=5000] [--rate=200] [--paths=watcher,post] [--broker=key=value,...] [--jvm="-Xmx256m
 * -XX:+ExitOnOutOfMemoryError"] [--env=KEY=value,...]}
 *
 * <p>{@code --broker} overrides the test broker's settings (e.g. {@code
 * group.initial.rebalance.delay.ms=0}; the test broker runs with Kafka's defaults); {@code --env}
 * adds provider environment (e.g. {@code PROVIDER_WARMUP_ENABLED=false} to measure without the
 * warm-up).
 */
public final class FirstSwitchBenchmark {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final Pattern DONE =
      Pattern.compile(
          "Handover: \\S+ -> (\\S+) done in (\\d+) ms \\(drain (\\d+), verify (\\d+), sync (\\d+),"
              + " activate (\\d+)\\)");

  /**
   * One switch. {@code toDraining}: the watcher's decision (watcher) or the request (post) to the
   * Lease written Draining; {@code client}: the trigger to the Lease seen Active (watcher) or to
   * the POST's answer (post).
   */
  record Sample(
      String path,
      int round,
      int nth,
      long triggerToDecision,
      long toDraining,
      long total,
      long drain,
      long verify,
      long activate,
      long client) {

    boolean first() {
      return nth == 0;
    }
  }

  private int rounds = 10;
  private int warm = 3;
  private long idleMillis = 5000;
  private int rate = 200;
  private List<String> paths = List.of("watcher", "post");
  private final Map<String, String> brokerOverrides = new HashMap<>();
  private final List<Long> startups = new ArrayList<>();
  private final Map<String, String> providerEnv = new HashMap<>();
  private List<String> jvm = List.of("-Xmx256m", "-XX:+ExitOnOutOfMemoryError");

  public static void main(String[] args) {
    FirstSwitchBenchmark bench = new FirstSwitchBenchmark();
    bench.parse(args);
    String loadBefore = loadAverage();
    List<Sample> samples = bench.run();
    System.out.println();
    System.out.printf(
        "First-switch benchmark: %d rounds (a fresh provider JVM each) x (1 first + %d warm)"
            + " switches, %d ms idle after start, %d records/s, provider JVM %s, broker overrides"
            + " %s, provider env %s%n",
        bench.rounds,
        bench.warm,
        bench.idleMillis,
        bench.rate,
        bench.jvm,
        bench.brokerOverrides,
        bench.providerEnv);
    System.out.println("load average before: " + loadBefore + "; after: " + loadAverage());
    System.out.println(report(samples));
    long[] starts = bench.startups.stream().mapToLong(Long::longValue).sorted().toArray();
    System.out.printf(
        "provider launch -> /readyz answering: p50 %d ms, max %d ms (%d starts)%n",
        starts[(starts.length - 1) / 2], starts[starts.length - 1], starts.length);
    System.exit(0);
  }

  private List<Sample> run() {
    // A clean directory: the provider's log is appended to, and old lines would match.
    Path logs =
        createDirectories(deleteRecursively(Path.of("target", "bench-logs", "first-switch")));
    BrokerOptions brokerOptions = new BrokerOptions(brokerOverrides, "768m", logs, "warn");
    List<Sample> samples = new ArrayList<>();
    try (KafkaBroker broker = KafkaBroker.start(brokerOptions)) {
      // The system's own provider stays passive and is stopped at once: each round brings its own.
      SystemOptions options =
          SystemOptions.of("first-switch", logs).withProviderEnv("PROVIDER_WATCH_ENABLED", "false");
      try (LocalSystem system = LocalSystem.start(broker, options)) {
        system.awaitConsuming(system.blue(), TIMEOUT);
        system.provider().close();
        try (LoadProducer load = system.startLoad(rate)) {
          for (String path : paths) {
            for (int round = 1; round <= rounds; round++) {
              samples.addAll(round(system, load, path, round));
            }
          }
        }
      }
    }
    return samples;
  }

  private List<Sample> round(LocalSystem system, LoadProducer load, String path, int round) {
    boolean watcher = path.equals("watcher");
    // The Rollout agrees with the Lease before the provider starts: its start must not switch.
    system.holdStable(system.leaseHolder());
    Map<String, String> env =
        new HashMap<>(
            SystemEnvironment.provider(system.broker(), system.options(), system.cluster()));
    env.put("PROVIDER_WATCH_ENABLED", Boolean.toString(watcher));
    env.put("POD_NAME", "provider-" + path + "-" + round);
    env.putAll(providerEnv);
    Path logDir = system.options().logDir().resolve(path + "-" + round);
    long launched = System.nanoTime();
    ProviderHandle provider = ProviderHandle.start(LoopbackAddresses.next(), env, logDir, jvm);
    long startMillis = (System.nanoTime() - launched) / 1_000_000;
    startups.add(startMillis);
    System.out.printf(
        "   %s round %d: provider JVM started and ready in %d ms%n", path, round, startMillis);
    ProviderLog log = new ProviderLog(provider.process().logFile());
    List<Sample> samples = new ArrayList<>();
    try {
      if (watcher) {
        log.await(0, m -> m.startsWith("Provider leader is now provider-" + path), TIMEOUT);
      }
      // A provider idles between deployments; whatever it does at start is over by the first one.
      LockSupport.parkNanos(Duration.ofMillis(idleMillis).toNanos());
      for (int nth = 0; nth <= warm; nth++) {
        Sample sample =
            watcher ? promoted(system, log, round, nth) : posted(system, provider, log, round, nth);
        samples.add(sample);
        System.out.printf(
            "   %s round %d %s: trigger->decision %d, ->Draining %d, total %d (drain %d, verify %d,"
                + " activate %d), client %d ms; load %s%n",
            path,
            round,
            nth == 0 ? "FIRST" : "warm#" + nth,
            sample.triggerToDecision(),
            sample.toDraining(),
            sample.total(),
            sample.drain(),
            sample.verify(),
            sample.activate(),
            sample.client(),
            loadAverage());
        settle(load, rate);
      }
    } finally {
      provider.close();
    }
    return samples;
  }

  /** Argo's promotion; the watcher hands over. */
  private Sample promoted(LocalSystem system, ProviderLog log, int round, int nth) {
    String to = system.other(system.leaseHolder());
    long offset = log.end();
    long at = system.promote(to);
    long active = awaitActive(system, to);
    ProviderLog.Line done = log.await(offset, m -> DONE.matcher(m).find(), TIMEOUT);
    List<ProviderLog.Line> lines = log.since(offset);
    long decision =
        ProviderLog.first(lines, m -> m.contains("wants " + to + " active"))
            .orElseThrow()
            .timestamp();
    long draining = drainingAt(lines, to);
    system.awaitConsuming(to, TIMEOUT);
    system.markStable(to);
    return sample("watcher", round, nth, decision - at, draining - decision, done, active - at);
  }

  /** The post-promotion analysis' call; the Rollout is then moved along so that it agrees. */
  private Sample posted(
      LocalSystem system, ProviderHandle provider, ProviderLog log, int round, int nth) {
    String to = system.other(system.leaseHolder());
    long offset = log.end();
    long at = System.currentTimeMillis();
    HttpResult result;
    try {
      result =
          provider.handover(system.options().namespace(), system.options().rollout(), to, TIMEOUT);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    long answered = System.currentTimeMillis() - at;
    if (!"Active".equals(result.text("phase"))) {
      throw new IllegalStateException("handover to " + to + " did not succeed: " + result);
    }
    ProviderLog.Line done = log.await(offset, m -> DONE.matcher(m).find(), TIMEOUT);
    long draining = drainingAt(log.since(offset), to);
    system.awaitConsuming(to, TIMEOUT);
    system.holdStable(to);
    return sample("post", round, nth, -1, draining - at, done, answered);
  }

  private static long drainingAt(List<ProviderLog.Line> lines, String to) {
    return ProviderLog.first(lines, m -> m.startsWith("Read: Lease set Draining") && m.contains(to))
        .orElseThrow(() -> new IllegalStateException("no Draining line towards " + to))
        .timestamp();
  }

  private static Sample sample(
      String path,
      int round,
      int nth,
      long toDecision,
      long toDraining,
      ProviderLog.Line done,
      long client) {
    Matcher m = DONE.matcher(done.message());
    if (!m.find()) {
      throw new IllegalStateException(done.message());
    }
    return new Sample(
        path,
        round,
        nth,
        toDecision,
        toDraining,
        Long.parseLong(m.group(2)),
        Long.parseLong(m.group(3)),
        Long.parseLong(m.group(4)),
        Long.parseLong(m.group(6)),
        client);
  }

  /** When the Lease was first seen Active for {@code hash}, polled every 5 ms. */
  private static long awaitActive(LocalSystem system, String hash) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      LeaseState lease = system.lease();
      if (lease.phase() == LeasePhase.ACTIVE && lease.holder().equals(hash)) {
        return System.currentTimeMillis();
      }
      LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
    }
    throw new IllegalStateException("the Lease did not become Active for " + hash);
  }

  static String report(List<Sample> samples) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            "%-8s %-22s %-16s %-16s %s%n",
            "path", "span (ms)", "first p50/max", "warm p50/max", "first/warm p50"));
    for (String path : samples.stream().map(Sample::path).distinct().toList()) {
      List<Sample> first =
          samples.stream().filter(s -> s.path().equals(path) && s.first()).toList();
      List<Sample> warm =
          samples.stream().filter(s -> s.path().equals(path) && !s.first()).toList();
      boolean watcher = path.equals("watcher");
      row(
          out,
          path,
          watcher ? "decision->Draining" : "request->Draining",
          first,
          warm,
          Sample::toDraining);
      row(out, path, "provider total", first, warm, Sample::total);
      row(out, path, "  drain", first, warm, Sample::drain);
      row(out, path, "  verify", first, warm, Sample::verify);
      row(out, path, "  activate", first, warm, Sample::activate);
      if (watcher) {
        row(out, path, "promote->decision", first, warm, Sample::triggerToDecision);
      }
      row(
          out,
          path,
          watcher ? "promote->Lease Active" : "POST answered",
          first,
          warm,
          Sample::client);
    }
    return out.toString();
  }

  private static void row(
      StringBuilder out,
      String path,
      String span,
      List<Sample> first,
      List<Sample> warm,
      ToLongFunction<Sample> value) {
    long firstP50 = percentile(first, value, 50);
    long warmP50 = percentile(warm, value, 50);
    out.append(
        String.format(
            "%-8s %-22s %-16s %-16s %s%n",
            path,
            span,
            firstP50 + "/" + percentile(first, value, 100),
            warmP50 + "/" + percentile(warm, value, 100),
            warmP50 == 0 ? "-" : String.format("%.2fx", (double) firstP50 / warmP50)));
  }

  private static long percentile(List<Sample> samples, ToLongFunction<Sample> value, int p) {
    long[] sorted = samples.stream().mapToLong(value).sorted().toArray();
    if (sorted.length == 0) {
      return -1;
    }
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  /** About one second of steady consumption between switches, so each switch stands alone. */
  private static void settle(LoadProducer load, int rate) {
    long target = load.acknowledged() + rate;
    while (load.acknowledged() < target) {
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
  }

  private static Path deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return dir;
    }
    try (var paths = Files.walk(dir)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir;
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

  private void parse(String[] args) {
    for (String arg : args) {
      String[] kv = arg.replaceFirst("^--", "").split("=", 2);
      switch (kv[0]) {
        case "rounds" -> rounds = Integer.parseInt(kv[1]);
        case "warm" -> warm = Integer.parseInt(kv[1]);
        case "idle-ms" -> idleMillis = Long.parseLong(kv[1]);
        case "rate" -> rate = Integer.parseInt(kv[1]);
        case "paths" -> paths = Arrays.asList(kv[1].split(","));
        case "broker" -> pairs(kv[1], brokerOverrides);
        case "env" -> pairs(kv[1], providerEnv);
        case "jvm" -> jvm = Arrays.asList(kv[1].trim().split("\\s+"));
        default -> throw new IllegalArgumentException("unknown option " + arg);
      }
    }
  }

  private static void pairs(String list, Map<String, String> into) {
    for (String pair : list.split(",")) {
      String[] kv = pair.split("=", 2);
      into.put(kv[0], kv[1]);
    }
  }
}
