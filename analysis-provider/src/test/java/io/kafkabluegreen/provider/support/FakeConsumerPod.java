package io.kafkabluegreen.provider.support;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.kafkabluegreen.tests.kafka.KafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A stand-in for a consumer pod: a real KafkaConsumer with client id {@code
 * consumer-app-<hash>-<pod>} on its own poll thread, behind a tiny Javalin server that speaks the
 * lifecycle contract ({@code /lifecycle/status, pause, resume}; lifecycle-webhook/README.md). Pause
 * commits what was processed and unsubscribes (the member leaves the group); resume subscribes.
 * Tests can make it misbehave: hang on pause, refuse resume, or stop answering HTTP while its
 * consumer stays in the group.
 */
public final class FakeConsumerPod implements AutoCloseable {

  public static final String TOKEN = "pod-token";

  private final String name;
  private final String hash;
  private final String group;
  private final List<String> topics;
  private final Properties consumerConfig;
  private KafkaConsumer<String, String> consumer;
  private final BlockingQueue<Runnable> commands = new LinkedBlockingQueue<>();
  private final Thread pollThread;
  private final Javalin http;
  private final AtomicLong processed = new AtomicLong();
  private final AtomicInteger pauses = new AtomicInteger();
  private final AtomicInteger resumes = new AtomicInteger();
  private final Map<String, Long> seen = new java.util.concurrent.ConcurrentHashMap<>();
  private volatile String state = "STANDBY";
  private volatile boolean running = true;
  private volatile boolean httpUp = true;
  private volatile CountDownLatch pauseGate;
  private volatile int resumeStatus;
  private volatile Consumer<FakeConsumerPod> onPause = pod -> {};

  private FakeConsumerPod(
      KafkaBroker broker,
      String name,
      String hash,
      String group,
      List<String> topics,
      Map<String, String> extra) {
    this.name = name;
    this.hash = hash;
    this.group = group;
    this.topics = List.copyOf(topics);
    Properties p = broker.clientProperties();
    p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "consumer-app-" + hash + "-" + name);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.putAll(extra);
    consumerConfig = p;
    consumer = newConsumer();
    pollThread = new Thread(this::loop, "fake-pod-" + name);
    pollThread.setDaemon(true);
    http =
        Javalin.create(c -> c.showJavalinBanner = false)
            .get("/lifecycle/status", this::status)
            .post("/lifecycle/pause", this::pause)
            .post("/lifecycle/resume", this::resume);
  }

  /** Starts a STANDBY pod on 127.0.0.1 and an ephemeral port. */
  public static FakeConsumerPod start(
      KafkaBroker broker, String name, String hash, String group, List<String> topics) {
    return start(broker, name, hash, group, topics, Map.of());
  }

  public static FakeConsumerPod start(
      KafkaBroker broker,
      String name,
      String hash,
      String group,
      List<String> topics,
      Map<String, String> consumerProperties) {
    FakeConsumerPod pod =
        new FakeConsumerPod(broker, name, hash, group, topics, consumerProperties);
    pod.pollThread.start();
    pod.http.start("127.0.0.1", 0);
    return pod;
  }

  public String name() {
    return name;
  }

  public String hash() {
    return hash;
  }

  public int port() {
    return http.port();
  }

  public String state() {
    return state;
  }

  public long processed() {
    return processed.get();
  }

  public int pauses() {
    return pauses.get();
  }

  public int resumes() {
    return resumes.get();
  }

  /** Offsets this pod processed, {@code topic-partition-offset -> count}, to find duplicates. */
  public Map<String, Long> seen() {
    return Map.copyOf(seen);
  }

  /** Subscribes at once, as a pod that the Lease allows would (test setup). */
  public void activate() {
    call(this::subscribe);
  }

  /** Drains at once, as the pod would on its own when the Lease stops allowing it (test setup). */
  public void pauseNow() {
    call(this::drain);
  }

  /** From now on, pause requests block until {@link #releasePause()} (the consumer keeps going). */
  public void hangOnPause() {
    pauseGate = new CountDownLatch(1);
  }

  public void releasePause() {
    CountDownLatch gate = pauseGate;
    pauseGate = null;
    if (gate != null) {
      gate.countDown();
    }
  }

  /** From now on resume answers {@code status} without subscribing. */
  public void refuseResume(int status) {
    resumeStatus = status;
  }

  /** Runs before each pause is carried out (to race the handover, e.g. write the Lease). */
  public void onPause(Consumer<FakeConsumerPod> hook) {
    onPause = hook;
  }

  /** Stops answering HTTP (connection refused) while the consumer stays in the group. */
  public void stopHttp() {
    httpUp = false;
    http.stop();
  }

  private void status(Context ctx) {
    List<String> assigned = new ArrayList<>();
    ctx.json(
        Map.of(
            "state", state,
            "hash", hash,
            "pod", name,
            "group", group,
            "topics", topics,
            "assignedPartitions", assigned,
            "processed", processed.get(),
            "failed", 0,
            "kafkaConnected", true,
            "ready", true));
  }

  private void pause(Context ctx) {
    if (!TOKEN.equals(bearer(ctx))) {
      ctx.status(401);
      return;
    }
    pauses.incrementAndGet();
    CountDownLatch gate = pauseGate;
    if (gate != null) {
      await(gate);
    }
    onPause.accept(this);
    call(this::drain);
    ctx.json(Map.of("state", state, "committedOffsets", Map.of(), "drainMillis", 1));
  }

  private void resume(Context ctx) {
    if (!TOKEN.equals(bearer(ctx))) {
      ctx.status(401);
      return;
    }
    resumes.incrementAndGet();
    if (resumeStatus != 0) {
      ctx.status(resumeStatus).json(Map.of("detail", "refused by the test"));
      return;
    }
    call(this::subscribe);
    ctx.json(Map.of("state", state));
  }

  private static String bearer(Context ctx) {
    String header = ctx.header("Authorization");
    return header == null ? "" : header.replaceFirst("^Bearer ", "");
  }

  private KafkaConsumer<String, String> newConsumer() {
    return new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer());
  }

  private void subscribe() {
    if (!state.equals("ACTIVE")) {
      if (consumer == null) {
        consumer = newConsumer();
      }
      consumer.subscribe(topics);
      state = "ACTIVE";
    }
  }

  /**
   * Commits what was processed and leaves the group by closing the consumer: close() waits for the
   * LeaveGroup to be sent, whereas an unsubscribed consumer that is no longer polled can leave its
   * LeaveGroup unsent and stay a member (seen with the classic protocol).
   */
  private void drain() {
    if (state.equals("ACTIVE")) {
      consumer.commitSync();
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
      consumer = null;
      state = "STANDBY";
    }
  }

  /** Runs {@code command} on the poll thread (KafkaConsumer is single-threaded) and waits. */
  private void call(Runnable command) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    commands.add(
        () -> {
          try {
            command.run();
            done.complete(null);
          } catch (RuntimeException e) {
            done.completeExceptionally(e);
          }
        });
    done.orTimeout(30, TimeUnit.SECONDS).join();
  }

  private void loop() {
    while (running) {
      Runnable command;
      while ((command = commands.poll()) != null) {
        command.run();
      }
      if (state.equals("ACTIVE")) {
        ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(20));
        for (ConsumerRecord<String, String> record : records) {
          processed.incrementAndGet();
          seen.merge(
              record.topic() + "-" + record.partition() + "-" + record.offset(), 1L, Long::sum);
        }
        if (!records.isEmpty()) {
          consumer.commitSync();
        }
      } else {
        try {
          Runnable next = commands.poll(20, TimeUnit.MILLISECONDS);
          if (next != null) {
            next.run();
          }
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  private static void await(CountDownLatch gate) {
    try {
      gate.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    releasePause();
    if (httpUp) {
      http.stop();
    }
    running = false;
    try {
      pollThread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (consumer != null) {
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
  }

  @Override
  public String toString() {
    return name + "(" + hash + ", " + state + ")";
  }

  /** Helper for assertions: a map of each pod's state. */
  public static Map<String, String> states(List<FakeConsumerPod> pods) {
    Map<String, String> states = new LinkedHashMap<>();
    pods.forEach(p -> states.put(p.name(), p.state()));
    return states;
  }
}
