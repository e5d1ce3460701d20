package io.kafkabluegreen.tests.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.kafkabluegreen.app.AppConfig;
import io.kafkabluegreen.app.ConsumerApp;
import io.kafkabluegreen.app.audit.AuditWriter;
import io.kafkabluegreen.app.failure.FailureInjector;
import io.kafkabluegreen.app.failure.FailureMode;
import io.kafkabluegreen.app.metrics.AppMetrics;
import io.kafkabluegreen.lifecycle.ConsumerLifecycle;
import io.kafkabluegreen.lifecycle.LifecycleOptions;
import io.kafkabluegreen.lifecycle.LifecycleState;
import io.kafkabluegreen.lifecycle.RecordHandler;
import io.kafkabluegreen.tests.kafka.KafkaBroker;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * lifecycle-webhook's cost and speed, on a real broker:
 *
 * <ol>
 *   <li>throughput of consumer-app's record handler (audit record + metrics) run by the library vs
 *       run by a bare KafkaConsumer loop with the same commit discipline (flush the audit producer,
 *       then commitSync, once a second), over the same pre-loaded records, alternating rounds;
 *   <li>drain latency under load: {@code POST /lifecycle/pause} sent → answer received with state
 *       STANDBY (HTTP round trip, what the provider waits for), for the classic and the consumer
 *       group protocol.
 * </ol>
 *
 * Run (prints the figures):
 *
 * <pre>
 * ./mvnw -q -o -pl tests/integration -am test-compile dependency:build-classpath \
 *     -Dmdep.includeScope=test -Dmdep.outputFile=/tmp/it.classpath
 * java -cp tests/integration/target/test-classes:$(cat /tmp/it.classpath) \
 *     io.kafkabluegreen.tests.bench.LifecycleBenchmark [records=200000] [rounds=3] [drains=60]
 * </pre>
 */
public final class LifecycleBenchmark {

  private static final String NAMESPACE = "bench";
  private static final String TOKEN = "bench-token";
  private static final int PARTITIONS = 6;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final KafkaBroker broker;
  private final KubernetesClient kubernetes;
  private int runs;

  private LifecycleBenchmark(KafkaBroker broker, KubernetesClient kubernetes) {
    this.broker = broker;
    this.kubernetes = kubernetes;
  }

  public static void main(String[] args) throws Exception {
    System.setProperty("LOG_LEVEL", System.getProperty("LOG_LEVEL", "WARN"));
    int records = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int drains = args.length > 2 ? Integer.parseInt(args[2]) : 100;
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(),
            false);
    server.init();
    try (KafkaBroker broker = KafkaBroker.start();
        KubernetesClient kubernetes = server.createClient()) {
      LifecycleBenchmark bench = new LifecycleBenchmark(broker, kubernetes);
      broker.createTopic("bench-audit", PARTITIONS);
      if (records > 0) {
        bench.throughput(records, rounds);
      }
      if (drains > 0) {
        bench.drainLatency(Map.of(), "classic", drains);
        bench.drainLatency(Map.of("KAFKA_GROUP_PROTOCOL", "consumer"), "consumer", drains);
      }
    } finally {
      server.destroy();
    }
    System.exit(0);
  }

  // ---------------------------------------------------------------- throughput

  private void throughput(int records, int rounds) throws Exception {
    broker.createTopic("bench-orders", PARTITIONS);
    preload("bench-orders", records);
    System.out.printf(
        Locale.ROOT,
        "%nThroughput of consumer-app's handler: %,d records, %d partitions, %d rounds%n",
        records,
        PARTITIONS,
        rounds);
    // one round of each first, not counted: both pay the JIT warm-up of the shared handler
    bareLoop(records / 4);
    libraryLoop(records / 4);
    double[] wallRatio = new double[rounds];
    double[] cpuRatio = new double[rounds];
    double[] bareWall = new double[rounds];
    double[] libraryWall = new double[rounds];
    for (int round = 0; round < rounds; round++) {
      Rate bare;
      Rate library;
      // alternate the order so that a drift of the machine's load hits both alike
      if (round % 2 == 0) {
        bare = bareLoop(records);
        library = libraryLoop(records);
      } else {
        library = libraryLoop(records);
        bare = bareLoop(records);
      }
      bareWall[round] = bare.wall();
      libraryWall[round] = library.wall();
      wallRatio[round] = library.wall() / bare.wall();
      cpuRatio[round] = library.cpu() / bare.cpu();
      System.out.printf(
          Locale.ROOT,
          "  round %d: bare loop %,9.0f rec/s (%,9.0f per CPU-s), library %,9.0f rec/s (%,9.0f per CPU-s)%n",
          round + 1,
          bare.wall(),
          bare.cpu(),
          library.wall(),
          library.cpu());
    }
    System.out.printf(
        Locale.ROOT,
        "  median: bare loop %,.0f rec/s, library %,.0f rec/s%n"
            + "  library/bare, median of paired rounds: wall-clock %.3f, poll-thread CPU %.3f"
            + " (target >= 0.97)%n",
        median(bareWall),
        median(libraryWall),
        median(wallRatio),
        median(cpuRatio));
  }

  private Rate bareLoop(int records) throws Exception {
    String id = "bare" + (++runs);
    AppConfig config = config(id, "bench-orders", Map.of());
    Meter meter = new Meter(records);
    try (KafkaProducer<String, byte[]> producer = auditProducer(config, id)) {
      AuditWriter audit =
          new AuditWriter(producer, "bench-audit", id, id + "-0", Clock.systemUTC());
      RecordHandler<String, byte[]> handler = meter.wrap(handler(audit, id));
      Map<String, Object> props = ConsumerApp.consumerProperties(config);
      props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + id);
      props.put(ConsumerConfig.CLIENT_ID_CONFIG, "consumer-app-" + id + "-0");
      props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
      try (KafkaConsumer<String, byte[]> consumer =
          new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
        consumer.subscribe(List.of("bench-orders"));
        Map<TopicPartition, ConsumerRecord<String, byte[]>> last = new HashMap<>();
        long nextCommit = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        while (!meter.done()) {
          ConsumerRecords<String, byte[]> batch = consumer.poll(Duration.ofMillis(50));
          for (TopicPartition tp : batch.partitions()) {
            for (ConsumerRecord<String, byte[]> record : batch.records(tp)) {
              handler.handle(record);
              last.put(tp, record);
            }
          }
          if (System.nanoTime() >= nextCommit || meter.done()) {
            audit.flush();
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            last.forEach((tp, r) -> offsets.put(tp, new OffsetAndMetadata(r.offset() + 1)));
            consumer.commitSync(offsets);
            nextCommit = System.nanoTime() + Duration.ofSeconds(1).toNanos();
          }
        }
      }
    }
    return meter.rate();
  }

  private Rate libraryLoop(int records) throws Exception {
    String id = "lib" + (++runs);
    AppConfig config = config(id, "bench-orders", Map.of());
    Meter meter = new Meter(records);
    try (KafkaProducer<String, byte[]> producer = auditProducer(config, id)) {
      AuditWriter audit =
          new AuditWriter(producer, "bench-audit", id, id + "-0", Clock.systemUTC());
      ConsumerLifecycle<String, byte[]> lifecycle =
          ConsumerLifecycle.<String, byte[]>builder()
              .options(LifecycleOptions.of(id, id + "-0", NAMESPACE, "lease-" + id))
              .kafka(ConsumerApp.consumerProperties(config))
              .topics(List.of("bench-orders"))
              .group("bench-" + id)
              .deserializers(new StringDeserializer(), new ByteArrayDeserializer())
              .kubernetes(kubernetes)
              .clientIdPrefix("consumer-app")
              .handler(meter.wrap(handler(audit, id)))
              .beforeCommit(offsets -> audit.flush())
              .build();
      lifecycle.start();
      while (!meter.done()) {
        LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
      }
      lifecycle.close();
    }
    return meter.rate();
  }

  private static RecordHandler<String, byte[]> handler(AuditWriter audit, String hash) {
    return ConsumerApp.handler(
        audit,
        new FailureInjector(FailureMode.NONE, 0, Duration.ZERO, 0),
        new AppMetrics(hash, () -> LifecycleState.ACTIVE));
  }

  private static KafkaProducer<String, byte[]> auditProducer(AppConfig config, String id) {
    return new KafkaProducer<>(
        ConsumerApp.producerProperties(config, "consumer-app-" + id + "-0"),
        new StringSerializer(),
        new ByteArraySerializer());
  }

  /**
   * Counts handled records on the poll thread: the steady-state rate from the first to the last
   * record, in wall-clock time and in CPU time of the poll thread (the latter is what the library
   * could add, and suffers far less from a machine shared with other work).
   */
  private static final class Meter {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private final long target;
    private volatile long count;
    private long first;
    private long last;
    private long firstCpu;
    private long lastCpu;

    Meter(long target) {
      this.target = target;
    }

    @SuppressWarnings("NonAtomicOperationOnVolatileField")
    RecordHandler<String, byte[]> wrap(RecordHandler<String, byte[]> handler) {
      return record -> {
        if (count == 0) {
          firstCpu = THREADS.getCurrentThreadCpuTime();
        }
        handler.handle(record);
        long now = System.nanoTime();
        if (count == 0) {
          first = now;
        }
        last = now;
        count++;
        if (count == target) {
          lastCpu = THREADS.getCurrentThreadCpuTime();
        }
      };
    }

    boolean done() {
      return count >= target;
    }

    Rate rate() {
      return new Rate((count - 1) / ((last - first) / 1e9), count / ((lastCpu - firstCpu) / 1e9));
    }
  }

  /** Records per second of wall-clock time and per second of the poll thread's CPU time. */
  private record Rate(double wall, double cpu) {}

  // ---------------------------------------------------------------- drain latency

  private void drainLatency(Map<String, String> kafka, String label, int samples) throws Exception {
    String id = "drain" + (++runs);
    String topic = "bench-" + id;
    broker.createTopic(topic, PARTITIONS);
    AtomicBoolean loading = new AtomicBoolean(true);
    CompletableFuture<Void> load = steadyLoad(topic, 2000, loading);
    List<Double> roundTrip = new ArrayList<>();
    List<Double> serverSide = new ArrayList<>();
    int warmup = 5;
    try (ConsumerApp app = ConsumerApp.start(config(id, topic, kafka), kubernetes)) {
      HttpClient http = HttpClient.newHttpClient();
      for (int i = 0; i < samples + warmup; i++) {
        awaitConsuming(app);
        long start = System.nanoTime();
        HttpResponse<String> paused = post(http, app.port(), "/lifecycle/pause");
        double millis = (System.nanoTime() - start) / 1e6;
        JsonNode body = JSON.readTree(paused.body());
        if (paused.statusCode() != 200 || !"STANDBY".equals(body.path("state").asText())) {
          throw new IllegalStateException(
              "pause failed: " + paused.statusCode() + " " + paused.body());
        }
        if (i >= warmup) {
          roundTrip.add(millis);
          serverSide.add(body.path("drainMillis").asDouble());
        }
        HttpResponse<String> resumed = post(http, app.port(), "/lifecycle/resume");
        if (resumed.statusCode() != 200) {
          throw new IllegalStateException("resume failed: " + resumed.body());
        }
      }
    } finally {
      loading.set(false);
      load.join();
    }
    System.out.printf(
        Locale.ROOT,
        "%nDrain latency, group.protocol=%s, %d partitions, ~2,000 rec/s, %d samples:%n"
            + "  pause request -> STANDBY answer: p50 %.1f ms, p99 %.1f ms, max %.1f ms (target p99 <= 200 ms)%n"
            + "  drainMillis reported by the pod:  p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
        label,
        PARTITIONS,
        roundTrip.size(),
        percentile(roundTrip, 50),
        percentile(roundTrip, 99),
        percentile(roundTrip, 100),
        percentile(serverSide, 50),
        percentile(serverSide, 99),
        percentile(serverSide, 100));
  }

  /** Waits until the pod owns every partition and is processing records again. */
  private static void awaitConsuming(ConsumerApp app) {
    long before = app.lifecycle().status().processed();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (app.lifecycle().status().assignedPartitions().size() < PARTITIONS
        || app.lifecycle().status().processed() <= before) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the pod did not resume consuming: " + app.lifecycle().status());
      }
      LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
    }
  }

  private static HttpResponse<String> post(HttpClient http, int port, String path)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Authorization", "Bearer " + TOKEN)
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  // ---------------------------------------------------------------- helpers

  private AppConfig config(String hash, String topic, Map<String, String> extra) {
    Map<String, String> env = new HashMap<>();
    env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
    env.put("APP_TOPICS", topic);
    env.put("APP_GROUP", "bench-" + hash);
    env.put("APP_AUDIT_TOPIC", "bench-audit");
    env.put("APP_PORT", "0");
    env.put("APP_BIND_ADDRESS", "127.0.0.1");
    env.put("LIFECYCLE_LEASE_NAME", "lease-" + hash);
    env.put("LIFECYCLE_AUTH_TOKEN", TOKEN);
    env.put("POD_NAME", hash + "-0");
    env.put("POD_NAMESPACE", NAMESPACE);
    env.put("POD_TEMPLATE_HASH", hash);
    env.putAll(extra);
    return AppConfig.fromEnv(env);
  }

  private void preload(String topic, int count) {
    Properties p = broker.clientProperties();
    p.put(ProducerConfig.ACKS_CONFIG, "1");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
    String value = "x".repeat(100);
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      for (int i = 0; i < count; i++) {
        producer.send(new ProducerRecord<>(topic, "k-" + i, value));
      }
      producer.flush();
    }
  }

  private CompletableFuture<Void> steadyLoad(String topic, int perSecond, AtomicBoolean running) {
    return CompletableFuture.runAsync(
        () -> {
          Properties p = broker.clientProperties();
          p.put(ProducerConfig.ACKS_CONFIG, "all");
          p.put(ProducerConfig.LINGER_MS_CONFIG, "2");
          long interval = 1_000_000_000L / perSecond;
          long next = System.nanoTime();
          try (KafkaProducer<String, String> producer =
              new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (long i = 0; running.get(); i++) {
              producer.send(new ProducerRecord<>(topic, "k-" + i, "v-" + i));
              next += interval;
              long wait = next - System.nanoTime();
              if (wait > 0) {
                LockSupport.parkNanos(wait);
              }
            }
          }
        },
        r -> {
          Thread t = new Thread(r, "bench-load");
          t.setDaemon(true);
          t.start();
        });
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static double percentile(List<Double> values, int p) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(Double::compare);
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
  }
}
