package io.kafkabluegreen.tests.bench;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkabluegreen.provider.ProviderApp;
import io.kafkabluegreen.provider.config.ProviderConfig;
import io.kafkabluegreen.tests.kafka.BrokerOptions;
import io.kafkabluegreen.tests.kafka.KafkaBroker;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.tools.consumer.group.ConsumerGroupCommand;
import org.apache.kafka.tools.consumer.group.ConsumerGroupCommandOptions;

/**
 * Latency of {@code GET /v1/lag} for groups of 1,000 and 10,000 partitions on a real broker, next
 * to Kafka's own {@code kafka-consumer-groups --describe} for the same group, run in-process so
 * that JVM start-up is not counted. Ours is measured twice: the full per-partition answer (the
 * default) and the totals-only answer ({@code detail=totals}, what Argo's template asks for).
 * Kafka's tool is measured three ways: as an operator runs it ({@code ConsumerGroupCommand.main}: a
 * new Admin client per call, output discarded), as its bare computation on one reused client
 * ({@code collectGroupOffsets}, reached by reflection because it is package-private), and the same
 * with the provider's {@code retry.backoff.ms} of 5 ms, the fair reference, which the ratios are
 * taken against. The contenders take turns call by call, so that a change in the machine's load
 * hits them all alike; every answer is checked against the known total lag. The machine's load
 * average is printed before and after each size.
 *
 * <p>Run from the repository root (figures on stdout; Maven builds the reactor offline first and
 * supplies the test classpath, see {@code tests/integration/bench.sh}):
 *
 * <pre>
 * tests/integration/bench.sh LagBenchmark [-Dbench.sizes=1000,10000] [-Dbench.calls=200]
 * </pre>
 *
 * System properties: {@code bench.sizes} (default {@code 1000,10000}), {@code bench.calls} (default
 * 200 per contender), {@code bench.toolEvery} (run {@code main} every n-th round, default 5).
 */
public final class LagBenchmark {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PARTITIONS_PER_TOPIC = 1000;
  private static final int RECORDS_PER_PARTITION = 5;
  private static final long COMMITTED = 2;

  private LagBenchmark() {}

  public static void main(String[] args) throws Exception {
    int[] sizes =
        Arrays.stream(System.getProperty("bench.sizes", "1000,10000").split(","))
            .mapToInt(s -> Integer.parseInt(s.trim()))
            .toArray();
    int calls = Integer.getInteger("bench.calls", 200);
    int toolEvery = Integer.getInteger("bench.toolEvery", 5);
    List<String> lines = new ArrayList<>();
    BrokerOptions options = BrokerOptions.defaults().heap("3g");
    try (KafkaBroker broker = KafkaBroker.start(options);
        ProviderApp provider = ProviderApp.start(providerConfig(broker))) {
      for (int size : sizes) {
        String group = "bench-" + size;
        int topics = build(broker, group, size);
        long expected = (long) size * (RECORDS_PER_PARTITION - COMMITTED);
        String url = "http://127.0.0.1:" + provider.port() + "/v1/lag?group=" + group;
        HttpClient http = HttpClient.newHttpClient();
        String loadBefore = load();
        try (AutoCloseable plain = toolService(broker, Map.of());
            AutoCloseable tuned = toolService(broker, Map.of("retry.backoff.ms", "5"))) {
          Map<String, Callable<Long>> contenders = new LinkedHashMap<>();
          contenders.put("GET /v1/lag", () -> lagOverHttp(http, url));
          contenders.put("GET /v1/lag totals", () -> lagOverHttp(http, url + "&detail=totals"));
          contenders.put("describe (main)", () -> toolMain(broker, group));
          contenders.put("reused client", () -> toolLag(plain, group));
          contenders.put("reused, backoff 5 ms", () -> toolLag(tuned, group));
          Map<String, long[]> timings = interleave(contenders, calls, toolEvery, expected);
          long[] kafka = timings.get("reused, backoff 5 ms");
          lines.add(
              String.format(
                  "%6d (%2d) | %s | %s | %s | %s | %s",
                  size,
                  topics,
                  figures(kafka, null),
                  figures(timings.get("GET /v1/lag"), kafka),
                  figures(timings.get("GET /v1/lag totals"), kafka),
                  figures(timings.get("describe (main)"), kafka),
                  figures(timings.get("reused client"), kafka)));
          lines.add(
              String.format(
                  "%11s   body: full %,d bytes, totals %,d bytes; load before %s, after %s",
                  "",
                  bodyBytes(http, url),
                  bodyBytes(http, url + "&detail=totals"),
                  loadBefore,
                  load()));
        }
      }
    }
    System.out.println();
    System.out.println(
        "p50 / p99 in ms; (x) = p50 of Kafka's computation with retry.backoff.ms=5 / this p50,"
            + " above 1 is faster than Kafka\n"
            + "partitions (topics) | Kafka's computation, reused client, retry.backoff.ms=5"
            + " | GET /v1/lag (full) | GET /v1/lag?detail=totals"
            + " | kafka-consumer-groups --describe in-process | Kafka's computation, reused client");
    lines.forEach(System.out::println);
  }

  private static ProviderConfig providerConfig(KafkaBroker broker) {
    Map<String, String> env = new HashMap<>();
    env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
    env.put("PROVIDER_PORT", "0");
    env.put("PROVIDER_BIND_ADDRESS", "127.0.0.1");
    env.put("PROVIDER_KAFKA_TIMEOUT_MS", "9000");
    return ProviderConfig.fromEnv(env);
  }

  /** Topics of 1,000 partitions, a few records each, and offsets committed for the group. */
  private static int build(KafkaBroker broker, String group, int partitions) {
    Admin admin = broker.admin();
    long start = System.nanoTime();
    Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
    var p = broker.clientProperties();
    p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
    int topics = 0;
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int first = 0; first < partitions; first += PARTITIONS_PER_TOPIC) {
        String topic = group + "-" + topics++;
        int count = Math.min(PARTITIONS_PER_TOPIC, partitions - first);
        get(admin.createTopics(List.of(new NewTopic(topic, count, (short) 1))).all());
        for (int partition = 0; partition < count; partition++) {
          for (int r = 0; r < RECORDS_PER_PARTITION; r++) {
            producer.send(new ProducerRecord<>(topic, partition, null, new byte[100]));
          }
          commits.put(new TopicPartition(topic, partition), new OffsetAndMetadata(COMMITTED));
        }
      }
      producer.flush();
    }
    get(admin.alterConsumerGroupOffsets(group, commits).all());
    System.out.printf(
        "built %s: %d partitions in %d topics, %d records each, committed at %d (%d s)%n",
        group,
        partitions,
        topics,
        RECORDS_PER_PARTITION,
        COMMITTED,
        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));
    return topics;
  }

  /**
   * Warms every contender up, then runs them in turns; {@code main} (slow: a new client each time)
   * only every {@code toolEvery}-th round. Returns each contender's sorted timings in nanoseconds.
   */
  private static Map<String, long[]> interleave(
      Map<String, Callable<Long>> contenders, int calls, int toolEvery, long expected)
      throws Exception {
    for (int i = 0; i < Math.max(10, calls / 10); i++) {
      for (Callable<Long> call : contenders.values()) {
        check(call.call(), expected);
      }
    }
    Map<String, long[]> nanos = new LinkedHashMap<>();
    Map<String, Integer> counts = new HashMap<>();
    contenders.keySet().forEach(name -> nanos.put(name, new long[calls]));
    for (int round = 0; round < calls; round++) {
      for (Map.Entry<String, Callable<Long>> c : contenders.entrySet()) {
        boolean slow = c.getKey().equals("describe (main)");
        if (slow && round % toolEvery != 0) {
          continue;
        }
        long start = System.nanoTime();
        long lag = c.getValue().call();
        long took = System.nanoTime() - start;
        check(lag, expected);
        int n = counts.merge(c.getKey(), 1, Integer::sum);
        nanos.get(c.getKey())[n - 1] = took;
      }
    }
    Map<String, long[]> sorted = new LinkedHashMap<>();
    nanos.forEach(
        (name, values) -> {
          long[] used = Arrays.copyOf(values, counts.get(name));
          Arrays.sort(used);
          sorted.put(name, used);
        });
    return sorted;
  }

  private static void check(long lag, long expected) {
    if (lag != expected && lag != -1) {
      throw new IllegalStateException("total lag " + lag + ", expected " + expected);
    }
  }

  /**
   * One {@code GET /v1/lag}, body received in full; the total is then picked from the head of the
   * JSON with a streaming parser, so that the figure is the service's latency rather than the time
   * this client would spend building a tree of 10,000 partitions.
   */
  private static long lagOverHttp(HttpClient http, String url) throws Exception {
    HttpResponse<byte[]> response =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("GET /v1/lag answered " + response.statusCode());
    }
    try (JsonParser parser = JSON.getFactory().createParser(response.body())) {
      while (parser.nextToken() != null) {
        if (parser.currentToken() == JsonToken.FIELD_NAME
            && parser.currentName().equals("totalLag")) {
          parser.nextToken();
          return parser.getLongValue();
        }
      }
    }
    throw new IllegalStateException("no totalLag in the answer");
  }

  /** Kafka's describe service on one long-lived client, as a service would keep it. */
  private static AutoCloseable toolService(KafkaBroker broker, Map<String, String> overrides)
      throws Exception {
    Class<?> type =
        Class.forName(
            "org.apache.kafka.tools.consumer.group.ConsumerGroupCommand$ConsumerGroupService");
    Constructor<?> constructor =
        type.getDeclaredConstructor(ConsumerGroupCommandOptions.class, Map.class);
    constructor.setAccessible(true);
    ConsumerGroupCommandOptions opts =
        ConsumerGroupCommandOptions.fromArgs(
            new String[] {
              "--bootstrap-server", broker.bootstrapServers(), "--describe", "--all-groups"
            });
    return (AutoCloseable) constructor.newInstance(opts, overrides);
  }

  /** The total lag as Kafka's tool computes it for {@code --describe}. */
  private static long toolLag(AutoCloseable service, String group) throws Exception {
    Method collect = service.getClass().getDeclaredMethod("collectGroupOffsets", String.class);
    collect.setAccessible(true);
    Field rowLag =
        Class.forName("org.apache.kafka.tools.consumer.group.PartitionAssignmentState")
            .getDeclaredField("lag");
    rowLag.setAccessible(true);
    Map.Entry<?, ?> result = (Map.Entry<?, ?>) collect.invoke(service, group);
    long lag = 0;
    for (Object row : (Collection<?>) ((Optional<?>) result.getValue()).orElseThrow()) {
      Optional<?> value = (Optional<?>) rowLag.get(row);
      lag += value.isPresent() ? (Long) value.get() : 0L;
    }
    return lag;
  }

  /**
   * {@code kafka-consumer-groups --describe} as an operator runs it, minus JVM start-up. It prints
   * a table (and, for a group without members, a note on stderr): both are discarded, and its
   * answer is not checked here (-1).
   */
  private static long toolMain(KafkaBroker broker, String group) {
    String[] argv = {
      "--bootstrap-server", broker.bootstrapServers(), "--describe", "--group", group
    };
    PrintStream stdout = System.out;
    PrintStream stderr = System.err;
    System.setOut(new PrintStream(OutputStream.nullOutputStream()));
    System.setErr(new PrintStream(OutputStream.nullOutputStream()));
    try {
      ConsumerGroupCommand.main(argv);
      return -1;
    } finally {
      System.setOut(stdout);
      System.setErr(stderr);
    }
  }

  /** p50 / p99, and the reference's p50 over this p50 when a reference is given. */
  private static String figures(long[] sorted, long[] reference) {
    String f =
        String.format("%6.1f / %6.1f", ms(percentile(sorted, 50)), ms(percentile(sorted, 99)));
    return reference == null
        ? f
        : f
            + String.format(
                " (%.2fx)", (double) percentile(reference, 50) / percentile(sorted, 50));
  }

  private static long bodyBytes(HttpClient http, String url) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
            HttpResponse.BodyHandlers.ofByteArray())
        .body()
        .length;
  }

  /** The machine's load average (1, 5, 15 minutes), as {@code /proc/loadavg} has it. */
  private static String load() {
    try {
      String[] f =
          java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }

  /** Nearest-rank percentile of sorted values. */
  private static long percentile(long[] sorted, int p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  private static <T> T get(org.apache.kafka.common.KafkaFuture<T> future) {
    try {
      return future.get(120, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
