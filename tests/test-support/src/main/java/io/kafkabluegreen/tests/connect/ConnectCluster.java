package io.kafkabluegreen.tests.connect;

import io.kafkabluegreen.tests.kafka.KafkaBroker;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real Kafka Connect cluster in distributed mode: each worker is a child JVM running {@code
 * org.apache.kafka.connect.cli.ConnectDistributed} against a test broker, so that a test can stop a
 * worker, kill it with SIGKILL and start it again on the same REST port.
 *
 * <p>The workers' classpath is the one Maven resolved for {@code connect-runtime} and {@code
 * connect-file} when this module was built ({@code connect.classpath}); nothing of Connect leaks
 * onto the caller's classpath. What the workers are configured with, and why, is in {@link
 * WorkerProperties}. Worker {@code i} counts from 0.
 */
public final class ConnectCluster implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private final ConnectClusterOptions options;
  private final List<ConnectWorker> workers;
  private final WorkerReadiness readiness = new WorkerReadiness();
  private final Thread killOnExit;

  private ConnectCluster(KafkaBroker broker, ConnectClusterOptions options) {
    this.options = options;
    List<ConnectWorker> list = new ArrayList<>();
    for (int i = 0; i < options.workers(); i++) {
      list.add(new ConnectWorker(broker.bootstrapServers(), options, i));
    }
    this.workers = List.copyOf(list);
    // A test JVM that ends without close() must not leave worker JVMs behind on a shared machine.
    this.killOnExit = new Thread(this::killAll, "connect-" + options.clusterId() + "-shutdown");
    Runtime.getRuntime().addShutdownHook(killOnExit);
  }

  /**
   * Starts every worker and returns once each one answers {@code GET /} and {@code GET
   * /connectors}, within 90 s; otherwise stops them all and throws with the end of the failing
   * worker's log.
   */
  public static ConnectCluster start(KafkaBroker broker, ConnectClusterOptions options) {
    ConnectCluster cluster = new ConnectCluster(broker, options);
    try {
      cluster.workers.forEach(ConnectWorker::launch);
      long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
      cluster.workers.forEach(worker -> cluster.readiness.await(worker, deadline));
      return cluster;
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  public ConnectClusterOptions options() {
    return options;
  }

  /** The REST base URI of worker 0, with a trailing slash ({@code resolve("connectors")}). */
  public URI restUri() {
    return workerUris().get(0);
  }

  /** Every worker's REST base URI, in worker order, each with a trailing slash. */
  public List<URI> workerUris() {
    return workers.stream().map(ConnectWorker::uri).toList();
  }

  public int restPort(int worker) {
    return workers.get(worker).port();
  }

  /** The file that worker {@code i}'s stdout and stderr are appended to, across restarts. */
  public Path logFile(int worker) {
    return workers.get(worker).logFile();
  }

  public boolean isRunning(int worker) {
    return workers.get(worker).isRunning();
  }

  /** Graceful shutdown (SIGTERM) of one worker, waiting for its JVM to exit. */
  public void stopWorker(int worker) {
    workers.get(worker).stop();
  }

  /** Kills one worker with SIGKILL: it leaves its group only when its session times out. */
  public void killWorker(int worker) {
    workers.get(worker).kill();
  }

  /**
   * Starts a stopped or killed worker again on the same REST port, returning once it answers {@code
   * GET /} and {@code GET /connectors} (within 90 s).
   */
  public void startWorker(int worker) {
    ConnectWorker w = workers.get(worker);
    w.launch();
    readiness.await(w, System.nanoTime() + START_TIMEOUT.toNanos());
  }

  /** Stops every worker (SIGTERM to all, then waits); logs and properties files stay. */
  @Override
  public void close() {
    workers.forEach(ConnectWorker::signalStop);
    workers.forEach(ConnectWorker::stop);
    try {
      Runtime.getRuntime().removeShutdownHook(killOnExit);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down and runs the hook itself
    }
  }

  private void killAll() {
    workers.forEach(ConnectWorker::kill);
  }
}
