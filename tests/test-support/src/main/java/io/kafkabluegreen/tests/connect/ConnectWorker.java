package io.kafkabluegreen.tests.connect;

import io.kafkabluegreen.tests.kafka.KafkaBroker;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One distributed-mode worker in its own JVM, on a REST port that survives restarts. */
final class ConnectWorker {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectWorker.class);
  // A clean shutdown takes one or two seconds. Connect 4.1 sometimes never finishes one: Jetty's
  // own shutdown hook races Connect's and the REST server's stop does not return (seen about once
  // in thirty stops), so the wait is bounded and ends with a thread dump and SIGKILL.
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration KILL_TIMEOUT = Duration.ofSeconds(10);
  private static final int LOG_TAIL_LINES = 40;

  private final ConnectClusterOptions options;
  private final int port;
  private final URI uri;
  private final Path propertiesFile;
  private final Path logFile;
  private Process process;

  ConnectWorker(String bootstrapServers, ConnectClusterOptions options, int index) {
    this.options = options;
    this.port = KafkaBroker.freePort();
    this.uri = URI.create("http://" + options.restHost() + ":" + port + "/");
    String name = options.clusterId() + "-worker" + index + "-" + port;
    this.propertiesFile = options.logDir().resolve(name + ".properties");
    this.logFile = options.logDir().resolve(name + ".log");
    try {
      Files.createDirectories(options.logDir());
      Files.createDirectories(options.workDir());
      try (var out = Files.newBufferedWriter(propertiesFile)) {
        WorkerProperties.of(bootstrapServers, options, port)
            .store(out, "kafka-bluegreen test Connect worker");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int port() {
    return port;
  }

  URI uri() {
    return uri;
  }

  Path logFile() {
    return logFile;
  }

  synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** Starts the JVM without waiting for it: the cluster starts all workers, then waits. */
  synchronized void launch() {
    if (isRunning()) {
      throw new IllegalStateException("Connect worker " + uri + " is already running");
    }
    ProcessBuilder builder =
        new ProcessBuilder(javaCommand())
            .directory(options.workDir().toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    builder.environment().putAll(options.env());
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The running JVM, for {@link WorkerReadiness} to notice an early exit. */
  synchronized Process process() {
    if (process == null) {
      throw new IllegalStateException("Connect worker " + uri + " was never started");
    }
    return process;
  }

  /** SIGTERM without waiting, so that several workers shut down side by side. */
  synchronized void signalStop() {
    if (isRunning()) {
      process.destroy();
    }
  }

  /**
   * SIGTERM and wait for the exit; if the worker has not exited within 20 s, a thread dump goes to
   * its log and it is killed with SIGKILL.
   */
  synchronized void stop() {
    signalStop();
    if (process != null && !waitFor(process, STOP_TIMEOUT)) {
      LOG.warn(
          "Connect worker {} did not exit within {} of SIGTERM; killing it (thread dump in {})",
          uri,
          STOP_TIMEOUT,
          logFile);
      dumpThreads();
      kill();
    }
  }

  /** SIGKILL: no graceful leave of the group, no final offset commit of its sink tasks. */
  synchronized void kill() {
    if (isRunning()) {
      process.destroyForcibly();
      waitFor(process, KILL_TIMEOUT);
    }
  }

  /** SIGQUIT: the JVM prints every thread's stack to its stdout, which is the log file. */
  private void dumpThreads() {
    try {
      Process quit = new ProcessBuilder("kill", "-QUIT", Long.toString(process.pid())).start();
      waitFor(quit, KILL_TIMEOUT);
      // The dump is written by the worker's own signal handler, asynchronously.
      waitFor(process, Duration.ofSeconds(1));
    } catch (IOException e) {
      LOG.warn("No thread dump of Connect worker {}: {}", uri, e.toString());
    }
  }

  /** The last lines of the worker's log, for the message of a failed start. */
  String logTail() {
    try {
      List<String> lines =
          new String(Files.readAllBytes(logFile), StandardCharsets.UTF_8).lines().toList();
      return String.join(
          "\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private List<String> javaCommand() {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-XX:+UseSerialGC");
    command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=info");
    // Wall-clock times in the log, to line a worker's events up with a test's measurements.
    command.add("-Dorg.slf4j.simpleLogger.showDateTime=true");
    command.add("-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS");
    command.add("-cp");
    command.add(connectClasspath());
    command.add("org.apache.kafka.connect.cli.ConnectDistributed");
    command.add(propertiesFile.toAbsolutePath().toString());
    return command;
  }

  private static String connectClasspath() {
    try (InputStream in = ConnectWorker.class.getResourceAsStream("connect.classpath")) {
      if (in == null) {
        throw new IllegalStateException(
            "connect.classpath missing: build tests/test-support with Maven");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static boolean waitFor(Process process, Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
