package io.kafkabluegreen.tests.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A real single-node KRaft Kafka broker (combined broker + controller) running in a child JVM, so
 * that a test can stop it, kill it with SIGKILL and start it again on the same ports and data.
 *
 * <p>The broker's classpath is the one Maven resolved for {@code kafka_2.13} when this module was
 * built ({@code broker.classpath}); nothing of the broker leaks onto the caller's classpath.
 */
public final class KafkaBroker implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static KafkaBroker shared;

  private final BrokerOptions options;
  private final Path dir;
  private final int port;
  private final int controllerPort;
  private final Path logFile;
  private Process process;
  private Admin admin;

  private KafkaBroker(BrokerOptions options) throws IOException {
    this.options = options;
    this.dir = Files.createTempDirectory("kafka-broker-");
    this.port = freePort();
    this.controllerPort = freePort();
    this.logFile = options.logDir().resolve("kafka-broker-" + port + ".log");
    writeServerProperties();
    format();
  }

  /** Starts a fresh broker with default options and waits until it answers. */
  public static KafkaBroker start() {
    return start(BrokerOptions.defaults());
  }

  /** Starts a fresh broker and waits until it answers. */
  public static KafkaBroker start(BrokerOptions options) {
    try {
      KafkaBroker broker = new KafkaBroker(options);
      broker.launch();
      return broker;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * One broker for the whole test JVM, started on first use and stopped by a shutdown hook. Tests
   * that share it must use their own topic and group names; tests that stop or kill the broker must
   * start their own.
   */
  public static synchronized KafkaBroker shared() {
    if (shared == null || !shared.isRunning()) {
      shared = start();
      KafkaBroker broker = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "kafka-broker-shutdown"));
    }
    return shared;
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public Path logFile() {
    return logFile;
  }

  public boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** A long-lived Admin client bound to this broker; closed with the broker. */
  public synchronized Admin admin() {
    if (admin == null) {
      admin = Admin.create(clientProperties());
    }
    return admin;
  }

  /** Base client properties (bootstrap servers and short timeouts suited to tests). */
  public Properties clientProperties() {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
    return p;
  }

  public void createTopic(String name, int partitions) {
    createTopic(name, partitions, Map.of());
  }

  public void createTopic(String name, int partitions, Map<String, String> configs) {
    NewTopic topic = new NewTopic(name, partitions, (short) 1).configs(configs);
    get(admin().createTopics(List.of(topic)).all());
  }

  /**
   * Produces {@code count} records {@code key-i -> value-i} (i from 0), spread over partitions by
   * key hash, and waits until all are acknowledged.
   */
  public void produce(String topic, int count) {
    Properties p = clientProperties();
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      for (int i = 0; i < count; i++) {
        producer.send(new ProducerRecord<>(topic, "key-" + i, "value-" + i));
      }
      producer.flush();
    }
  }

  /** Produces {@code count} records to one partition. */
  public void produce(String topic, int partition, int count) {
    Properties p = clientProperties();
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      for (int i = 0; i < count; i++) {
        producer.send(new ProducerRecord<>(topic, partition, "key-" + i, "value-" + i));
      }
      producer.flush();
    }
  }

  /** Graceful shutdown (SIGTERM), waiting for the process to exit. */
  public synchronized void stop() {
    closeAdmin();
    if (isRunning()) {
      process.destroy();
      waitFor(process, Duration.ofSeconds(30));
    }
  }

  /** Kills the broker with SIGKILL: no controlled shutdown, no flush. */
  public synchronized void kill() {
    closeAdmin();
    if (isRunning()) {
      process.destroyForcibly();
      waitFor(process, Duration.ofSeconds(10));
    }
  }

  /** Starts the broker again on the same ports and data directory, waiting until it answers. */
  public synchronized void restart() {
    if (isRunning()) {
      stop();
    }
    launch();
  }

  @Override
  public synchronized void close() {
    kill();
    deleteRecursively(dir);
  }

  private synchronized void launch() {
    List<String> command = javaCommand(options.heap());
    command.add("kafka.Kafka");
    command.add(dir.resolve("server.properties").toString());
    try {
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    awaitReady();
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    Properties p = clientProperties();
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "2000");
    try (Admin probe = Admin.create(p)) {
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new IllegalStateException(
              "Kafka broker exited with " + process.exitValue() + "; see " + logFile);
        }
        try {
          probe
              .describeCluster(new DescribeClusterOptions().timeoutMs(2000))
              .nodes()
              .get(3, TimeUnit.SECONDS);
          return;
        } catch (ExecutionException | TimeoutException e) {
          // not up yet: the next attempt blocks up to its own timeout, no extra pause needed
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
    }
    throw new IllegalStateException(
        "Kafka broker not ready within " + START_TIMEOUT + "; see " + logFile);
  }

  private void writeServerProperties() throws IOException {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    p.put(
        "listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("log.dirs", dir.resolve("data").toString());
    p.put("num.partitions", "1");
    p.put("auto.create.topics.enable", "false");
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "4");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "4");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("log.retention.check.interval.ms", "1000");
    p.put("log.segment.delete.delay.ms", "0");
    p.put("log.flush.interval.messages", Long.toString(Long.MAX_VALUE));
    p.putAll(options.overrides());
    try (var out = Files.newBufferedWriter(dir.resolve("server.properties"))) {
      p.store(out, "kafka-bluegreen test broker");
    }
  }

  private void format() throws IOException {
    List<String> command = javaCommand("256m");
    command.addAll(
        List.of(
            "kafka.tools.StorageTool",
            "format",
            "-t",
            Uuid.randomUuid().toString(),
            "-c",
            dir.resolve("server.properties").toString()));
    Process format =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
            .start();
    if (!waitFor(format, Duration.ofSeconds(60)) || format.exitValue() != 0) {
      throw new IllegalStateException("Formatting the broker's storage failed; see " + logFile);
    }
  }

  private List<String> javaCommand(String heap) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + heap);
    command.add("-XX:+UseSerialGC");
    command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=" + options.logLevel());
    command.add("-cp");
    command.add(brokerClasspath());
    return command;
  }

  private static String brokerClasspath() {
    try (InputStream in = KafkaBroker.class.getResourceAsStream("broker.classpath")) {
      if (in == null) {
        throw new IllegalStateException(
            "broker.classpath missing: build tests/test-support with Maven");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void closeAdmin() {
    if (admin != null) {
      admin.close(Duration.ofSeconds(2));
      admin = null;
    }
  }

  private static boolean waitFor(Process process, Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  static <T> T get(org.apache.kafka.common.KafkaFuture<T> future) {
    try {
      return future.get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(e.getCause() != null ? e.getCause() : e);
    }
  }

  /** A free TCP port on the loopback interface, for a server that binds it right after. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteRecursively(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (var paths = Files.walk(root)) {
      paths.sorted((a, b) -> b.compareTo(a)).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // best effort: a temp dir left behind is harmless
    }
  }

  /** Topics a test can wait on after creating them. */
  public Set<String> topics() {
    return get(admin().listTopics().names());
  }
}
