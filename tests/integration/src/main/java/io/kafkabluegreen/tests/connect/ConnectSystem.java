package io.kafkabluegreen.tests.connect;

import io.kafkabluegreen.tests.k8s.FakeCluster;
import io.kafkabluegreen.tests.k8s.RolloutDefinition;
import io.kafkabluegreen.tests.kafka.KafkaBroker;
import io.kafkabluegreen.tests.load.LoadOptions;
import io.kafkabluegreen.tests.load.LoadProducer;
import io.kafkabluegreen.tests.process.LoopbackAddresses;
import io.kafkabluegreen.tests.process.ProviderHandle;
import io.kafkabluegreen.tests.system.GroupLag;
import io.kafkabluegreen.tests.system.RolloutSystem;
import io.kafkabluegreen.tests.system.SystemEnvironment;
import io.kafkabluegreen.tests.system.SystemOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Strategy E on one machine: a real broker (given), one real Connect cluster per revision (blue and
 * green from the start, more with {@link #deployRevision}), the Rollout and the workers' Pods in a
 * fake API server, the provider as a process and a steady load with unique values. Blue's
 * FileStreamSinkConnector is created RUNNING by the test, as a user would; every later connector is
 * created by the provider from it.
 *
 * <p>The provider's Rollout watcher is off: each switch is one {@code POST …/handover}, so the
 * answer is the switch, and Argo's side (promote, abort) is the caller's explicit next call.
 */
public final class ConnectSystem extends RolloutSystem {

  public static final String BASE = "kbg-sink";
  public static final int PARTITIONS = 3;
  public static final int TASKS = 3;

  private final Path sinkDir;
  private final Map<String, ConnectRevision> revisions = new LinkedHashMap<>();
  private LoadProducer load;
  private StrimziConnectors strimzi;

  private ConnectSystem(KafkaBroker broker, SystemOptions options, FakeCluster cluster) {
    super(broker, options, cluster);
    this.sinkDir = options.logDir().resolve("sinks").toAbsolutePath();
  }

  /**
   * Topic (3 partitions), Lease and Rollout; blue's and green's clusters and pods; blue's connector
   * RUNNING; the provider; load at {@code rate} records/s.
   */
  public static ConnectSystem start(KafkaBroker broker, SystemOptions options, int rate) {
    return start(broker, options, rate, false);
  }

  /**
   * As {@link #start}, but every connector is a Strimzi {@code KafkaConnector} ({@link
   * StrimziConnectors}); the provider must drive them through the resources.
   */
  public static ConnectSystem startStrimzi(KafkaBroker broker, SystemOptions options, int rate) {
    return start(broker, options, rate, true);
  }

  private static ConnectSystem start(
      KafkaBroker broker, SystemOptions options, int rate, boolean strimzi) {
    broker.createTopic(options.topic(), PARTITIONS);
    FakeCluster cluster = FakeCluster.start(options.namespace());
    ConnectSystem system = new ConnectSystem(broker, options, cluster);
    try {
      // values restart at seq 0 every run: an earlier run's lines would count as this run's
      system.clearSinkDir();
      cluster.createLease(options.leaseName(), options.blueHash());
      cluster
          .rollouts()
          .create(
              new RolloutDefinition(
                  options.rollout(),
                  options.rollout(),
                  "",
                  options.leaseName(),
                  8083,
                  "connect",
                  1),
              options.blueHash(),
              Map.of(RolloutDefinition.ANNOTATION_PREFIX + "connector", BASE));
      cluster.rollouts().deploy(options.rollout(), options.greenHash());
      CompletableFuture<ConnectRevision> green =
          CompletableFuture.supplyAsync(
              () -> system.startRevision("green", options.greenHash(), system.sinkFile("green")));
      system.startRevision("blue", options.blueHash(), system.sinkFile("blue"));
      green.join();
      ConnectRevision blue = system.revision(options.blueHash());
      if (strimzi) {
        system.strimzi = StrimziConnectors.start(cluster, options.namespace(), system::revisions);
        system.strimzi.createFirst(blue, system.firstConfig());
      } else {
        blue.rest().create(blue.connector(), system.firstConfig());
      }
      system.awaitStatus(blue.hash(), s -> s.runningWithAllTasks(TASKS), Duration.ofSeconds(60));
      Map<String, String> env =
          new LinkedHashMap<>(SystemEnvironment.provider(broker, options, cluster));
      // every switch is one POST; the watcher would race it
      env.put("PROVIDER_WATCH_ENABLED", "false");
      system.providerStarted(ProviderHandle.start(LoopbackAddresses.next(), env, options.logDir()));
      system.load =
          LoadProducer.start(broker.clientProperties(), LoadOptions.of(options.topic(), rate));
      return system;
    } catch (IOException | RuntimeException e) {
      system.close();
      throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
    }
  }

  private void clearSinkDir() throws IOException {
    if (Files.exists(sinkDir)) {
      try (Stream<Path> paths = Files.walk(sinkDir)) {
        for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
    }
    Files.createDirectories(sinkDir);
  }

  /**
   * A new revision as Argo deploys it behind the preview selector: its own Connect cluster writing
   * to {@code sinkFile}, its pods Ready. Its connector does not exist until a handover creates it.
   */
  public ConnectRevision deployRevision(String label, String hash, Path sinkFile) {
    cluster().rollouts().deploy(options().rollout(), hash);
    return startRevision(label, hash, sinkFile);
  }

  /** Deletes a revision's pods and stops its cluster, as when Argo scales an aborted one down. */
  public void removeRevision(String hash) {
    ConnectRevision revision;
    synchronized (this) {
      revision = revisions.remove(hash);
    }
    revision.pods().forEach(pod -> cluster().pods().delete(pod));
    revision.cluster().close();
  }

  private ConnectRevision startRevision(String label, String hash, Path sinkFile) {
    ConnectRevision revision =
        ConnectRevision.start(
            broker(), cluster(), options(), label, hash, connectorOf(hash), sinkFile);
    synchronized (this) {
      revisions.put(hash, revision);
    }
    return revision;
  }

  /**
   * The Strimzi side of a system started by {@link #startStrimzi}: its KafkaConnectors.
   *
   * @throws IllegalStateException if it was started by {@link #start}
   */
  public StrimziConnectors strimzi() {
    if (strimzi == null) {
      throw new IllegalStateException("not started in Strimzi mode");
    }
    return strimzi;
  }

  private Map<String, String> firstConfig() {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("connector.class", "org.apache.kafka.connect.file.FileStreamSinkConnector");
    config.put("tasks.max", Integer.toString(TASKS));
    config.put("topics", options().topic());
    // resolved by the worker that runs the task: each cluster writes its own file
    config.put("file", "${env:KBG_SINK_FILE}");
    config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
    config.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
    return config;
  }

  /** Polls {@code hash}'s connector until its status satisfies {@code condition}. */
  public void awaitStatus(
      String hash, Predicate<ConnectorRest.Status> condition, Duration timeout) {
    ConnectorWaits.awaitStatus(revision(hash), condition, timeout);
  }

  public static String connectorOf(String hash) {
    return BASE + "-" + hash;
  }

  public Path sinkFile(String label) {
    return sinkDir.resolve(label + ".txt");
  }

  public LoadProducer load() {
    return load;
  }

  public synchronized ConnectRevision revision(String hash) {
    ConnectRevision revision = revisions.get(hash);
    if (revision == null) {
      throw new IllegalArgumentException("no revision " + hash);
    }
    return revision;
  }

  public synchronized List<ConnectRevision> revisions() {
    return List.copyOf(revisions.values());
  }

  /**
   * Waits until {@code holder}'s connector is RUNNING with all its tasks and every other revision's
   * connector is STOPPED without tasks, or absent.
   */
  public void awaitSettled(String holder, Duration timeout) {
    awaitStatus(holder, s -> s.runningWithAllTasks(TASKS), timeout);
    for (ConnectRevision revision : revisions()) {
      if (!revision.hash().equals(holder)) {
        ConnectorWaits.awaitStoppedOrAbsent(revision, timeout);
      }
    }
  }

  /** Records {@code hash}'s sink group has not committed: end minus committed, all partitions. */
  public long committedLag(String hash) {
    return GroupLag.total(broker().admin(), options().topic(), PARTITIONS, revision(hash).group());
  }

  /** Every line of every revision's sink file (a sink path that is no file counts as empty). */
  public SinkTally tally() {
    List<String> lines = new ArrayList<>();
    for (ConnectRevision revision : revisions()) {
      if (Files.isRegularFile(revision.sinkFile())) {
        try {
          lines.addAll(Files.readAllLines(revision.sinkFile()));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return new SinkTally(lines);
  }

  /** Both witnesses over every revision's connector and sink group, every {@code interval}. */
  public ConnectorOverlapSampler sampleOverlap(Duration interval) {
    Map<String, ConnectorRest> connectors = new LinkedHashMap<>();
    List<String> groups = new ArrayList<>();
    for (ConnectRevision revision : revisions()) {
      connectors.put(revision.connector(), revision.rest());
      groups.add(revision.group());
    }
    return ConnectorOverlapSampler.start(connectors, groups, broker().admin(), interval);
  }

  @Override
  public void close() {
    if (load != null) {
      load.close();
    }
    if (provider() != null) {
      provider().close();
    }
    if (strimzi != null) {
      strimzi.close();
    }
    revisions().forEach(r -> r.cluster().close());
    cluster().close();
  }
}
