package io.kafkabluegreen.tests.connect;

import io.kafkabluegreen.tests.k8s.FakeCluster;
import io.kafkabluegreen.tests.k8s.RolloutDefinition;
import io.kafkabluegreen.tests.kafka.KafkaBroker;
import io.kafkabluegreen.tests.load.LoadOptions;
import io.kafkabluegreen.tests.load.LoadProducer;
import io.kafkabluegreen.tests.process.HttpResult;
import io.kafkabluegreen.tests.process.LoopbackAddresses;
import io.kafkabluegreen.tests.process.ProviderHandle;
import io.kafkabluegreen.tests.strimzi.StrimziOperatorStandIn;
import io.kafkabluegreen.tests.system.GroupLag;
import io.kafkabluegreen.tests.system.SystemEnvironment;
import io.kafkabluegreen.tests.system.SystemOptions;
import io.strimzi.api.kafka.Crds;
import io.strimzi.api.kafka.model.common.ConnectorState;
import io.strimzi.api.kafka.model.connector.KafkaConnector;
import io.strimzi.api.kafka.model.connector.KafkaConnectorBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
public final class ConnectSystem implements AutoCloseable {

  public static final String BASE = "kbg-sink";
  public static final int PARTITIONS = 3;
  public static final int TASKS = 3;
  private static final String STRIMZI_CLUSTER = "strimzi.io/cluster";

  private final KafkaBroker broker;
  private final SystemOptions options;
  private final FakeCluster cluster;
  private final Path sinkDir;
  private final Map<String, ConnectRevision> revisions = new LinkedHashMap<>();
  private ProviderHandle provider;
  private LoadProducer load;
  private StrimziOperatorStandIn operator;

  private ConnectSystem(KafkaBroker broker, SystemOptions options, FakeCluster cluster) {
    this.broker = broker;
    this.options = options;
    this.cluster = cluster;
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
   * As {@link #start}, but every connector is a Strimzi {@code KafkaConnector} (labelled {@code
   * strimzi.io/cluster: connect-<hash>}) reconciled by {@link StrimziOperatorStandIn}, the named
   * stand-in for Strimzi's operator; the provider must drive them through the resources.
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
      if (strimzi) {
        system.operator =
            new StrimziOperatorStandIn(
                    cluster.client(), options.namespace(), system::restOfStrimziCluster)
                .start(2000);
        system.createFirstKafkaConnector(system.revision(options.blueHash()));
      } else {
        system.createFirstConnector(system.revision(options.blueHash()));
      }
      Map<String, String> env =
          new LinkedHashMap<>(SystemEnvironment.provider(broker, options, cluster));
      // every switch is one POST; the watcher would race it
      env.put("PROVIDER_WATCH_ENABLED", "false");
      system.provider = ProviderHandle.start(LoopbackAddresses.next(), env, options.logDir());
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
    cluster.rollouts().deploy(options.rollout(), hash);
    return startRevision(label, hash, sinkFile);
  }

  /** Deletes a revision's pods and stops its cluster, as when Argo scales an aborted one down. */
  public void removeRevision(String hash) {
    ConnectRevision revision;
    synchronized (this) {
      revision = revisions.remove(hash);
    }
    revision.pods().forEach(pod -> cluster.pods().delete(pod));
    revision.cluster().close();
  }

  private ConnectRevision startRevision(String label, String hash, Path sinkFile) {
    ConnectRevision revision =
        ConnectRevision.start(broker, cluster, options, label, hash, connectorOf(hash), sinkFile);
    synchronized (this) {
      revisions.put(hash, revision);
    }
    return revision;
  }

  private void createFirstConnector(ConnectRevision blue) throws IOException {
    blue.rest().create(blue.connector(), firstConfig());
    awaitStatus(blue.hash(), s -> s.runningWithAllTasks(TASKS), Duration.ofSeconds(60));
  }

  /** The user's step in Strimzi mode: blue's KafkaConnector, which the operator creates. */
  private void createFirstKafkaConnector(ConnectRevision blue) {
    Map<String, Object> config = new LinkedHashMap<>(firstConfig());
    config.remove("connector.class");
    config.remove("tasks.max");
    KafkaConnector resource =
        new KafkaConnectorBuilder()
            .withNewMetadata()
            .withNamespace(options.namespace())
            .withName(blue.connector())
            .addToLabels(STRIMZI_CLUSTER, strimziCluster(blue.hash()))
            .endMetadata()
            .withNewSpec()
            .withClassName("org.apache.kafka.connect.file.FileStreamSinkConnector")
            .withTasksMax(TASKS)
            .withConfig(config)
            .withState(ConnectorState.RUNNING)
            .endSpec()
            .build();
    Crds.kafkaConnectorOperation(cluster.client())
        .inNamespace(options.namespace())
        .resource(resource)
        .create();
    awaitStatus(blue.hash(), s -> s.runningWithAllTasks(TASKS), Duration.ofSeconds(60));
  }

  /** The {@code KafkaConnector} of revision {@code hash}'s connector, or null. */
  public KafkaConnector kafkaConnector(String hash) {
    return Crds.kafkaConnectorOperation(cluster.client())
        .inNamespace(options.namespace())
        .withName(connectorOf(hash))
        .get();
  }

  /** The KafkaConnect name of a revision: the hash in it, as the provider's rule requires. */
  public static String strimziCluster(String hash) {
    return "connect-" + hash;
  }

  private Optional<URI> restOfStrimziCluster(String label) {
    return revisions().stream()
        .filter(r -> strimziCluster(r.hash()).equals(label))
        .findFirst()
        .map(r -> r.cluster().restUri());
  }

  private Map<String, String> firstConfig() {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("connector.class", "org.apache.kafka.connect.file.FileStreamSinkConnector");
    config.put("tasks.max", Integer.toString(TASKS));
    config.put("topics", options.topic());
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

  public SystemOptions options() {
    return options;
  }

  public KafkaBroker broker() {
    return broker;
  }

  public FakeCluster cluster() {
    return cluster;
  }

  public ProviderHandle provider() {
    return provider;
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

  public String blue() {
    return options.blueHash();
  }

  public String green() {
    return options.greenHash();
  }

  /** blue for green, green for anything else. */
  public String other(String hash) {
    return hash.equals(blue()) ? green() : blue();
  }

  public String leaseHolder() {
    return cluster.lease(options.leaseName()).orElseThrow().holder();
  }

  /** The provider's handover endpoint, waiting up to {@code wait} for the end. */
  public HttpResult handover(String hash, Duration wait) {
    try {
      return provider.handover(options.namespace(), options.rollout(), hash, wait);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Promotion as Argo does it (the active selector moves); the watcher is off, so only status. */
  public void promote(String hash) {
    cluster.rollouts().promote(options.rollout(), hash);
  }

  /** Abort as Argo does it: the active selector goes back to stableRS. */
  public void abort() {
    cluster.rollouts().abort(options.rollout());
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

  public void markStable(String hash) {
    cluster.rollouts().markStable(options.rollout(), hash);
  }

  /** Records {@code hash}'s sink group has not committed: end minus committed, all partitions. */
  public long committedLag(String hash) {
    return GroupLag.total(broker.admin(), options.topic(), PARTITIONS, revision(hash).group());
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
    return ConnectorOverlapSampler.start(connectors, groups, broker.admin(), interval);
  }

  @Override
  public void close() {
    if (load != null) {
      load.close();
    }
    if (provider != null) {
      provider.close();
    }
    if (operator != null) {
      operator.close();
    }
    revisions().forEach(r -> r.cluster().close());
    cluster.close();
  }
}
