package io.kafkabluegreen.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkabluegreen.app.audit.AuditRecord;
import io.kafkabluegreen.lifecycle.lease.LeasePhase;
import io.kafkabluegreen.tests.kafka.KafkaBroker;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real consumer-app as child processes (blue and green), driven over HTTP exactly as the
 * provider's handover drives them, with the audit topic as the proof.
 */
class ConsumerAppProcessIT {

  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final String TOKEN = "s3cret";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final KafkaBroker broker = KafkaBroker.shared();
  private MockKubernetes kubernetes;
  private AppProcess blue;
  private AppProcess green;
  private String topic;
  private String audit;
  private String group;
  private String lease;

  @BeforeEach
  void setUp() {
    String id = UUID.randomUUID().toString().substring(0, 8);
    topic = "orders-" + id;
    audit = "audit-" + id;
    group = "processor-" + id;
    lease = "consumer-app-kafka-active-" + id;
    broker.createTopic(topic, 4);
    broker.createTopic(audit, 4);
    kubernetes = new MockKubernetes();
  }

  @AfterEach
  void tearDown() {
    if (blue != null) {
      blue.close();
    }
    if (green != null) {
      green.close();
    }
    kubernetes.close();
  }

  @Test
  void Handover_under_load_between_two_processes_loses_nothing_and_duplicates_nothing()
      throws Exception {
    kubernetes.createLease(lease, "blue1");
    blue = AppProcess.launch("consumer-app-blue", env("blue1", "consumer-app-blue1-a"));
    green = AppProcess.launch("consumer-app-green", env("green1", "consumer-app-green1-a"));
    await().atMost(WAIT).until(() -> "ACTIVE".equals(blue.state()));
    await().atMost(WAIT).until(() -> "STANDBY".equals(green.state()));
    await().atMost(WAIT).until(() -> blue.get("/readyz").statusCode() == 200);

    int total = 3000;
    CompletableFuture<Void> load = LoadProducer.start(broker, topic, total, 1000);
    await().atMost(WAIT).until(() -> blue.status().path("processed").asLong() > 500);

    // the provider's handover: Lease to Draining, pause blue, group empty, flip, resume green
    kubernetes.setLease(lease, "blue1", LeasePhase.DRAINING);
    HttpResponse<String> paused = blue.post("/lifecycle/pause", TOKEN);
    assertThat(paused.statusCode()).isEqualTo(200);
    JsonNode pause = JSON.readTree(paused.body());
    assertThat(pause.path("state").asText()).isEqualTo("STANDBY");
    assertThat(pause.path("committedOffsets").size()).isPositive();
    assertThat(pause.has("drainMillis")).isTrue();
    await().atMost(WAIT).until(() -> groupMembers().isEmpty());

    kubernetes.setLease(lease, "green1", LeasePhase.ACTIVE);
    HttpResponse<String> resumed = green.post("/lifecycle/resume", TOKEN);
    assertThat(resumed.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(resumed.body()).path("state").asText()).isEqualTo("ACTIVE");

    HttpResponse<String> stray = blue.post("/lifecycle/resume", TOKEN);
    assertThat(stray.statusCode()).isEqualTo(409);
    assertThat(stray.headers().firstValue("Content-Type"))
        .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
    assertThat(blue.post("/lifecycle/pause", null).statusCode()).isEqualTo(401);
    assertThat(blue.post("/lifecycle/pause", "wrong").statusCode()).isEqualTo(403);

    load.get();
    Map<Integer, Long> end = LoadProducer.endOffsets(broker, topic);
    long produced = end.values().stream().mapToLong(Long::longValue).sum();
    await()
        .atMost(WAIT)
        .until(
            () ->
                blue.status().path("processed").asLong() + green.status().path("processed").asLong()
                    >= produced);

    // SIGTERM while active: readiness false, drain (commit what was processed), leave, exit
    assertThat(green.terminate(WAIT)).isIn(0, 143);
    assertThat(groupMembers()).isEmpty();
    assertThat(committedOffsets()).isEqualTo(end);

    AuditLog log = AuditLog.read(broker, audit);
    assertThat(log.missing(end)).as("lost").isEmpty();
    assertThat(log.duplicates()).as("processed twice").isEmpty();
    assertThat(log.countByHash()).containsOnlyKeys("blue1", "green1");
    long lastBlue =
        log.records.stream()
            .filter(r -> r.hash().equals("blue1"))
            .mapToLong(AuditRecord::processedAt)
            .max()
            .orElseThrow();
    long firstGreen =
        log.records.stream()
            .filter(r -> r.hash().equals("green1"))
            .mapToLong(AuditRecord::processedAt)
            .min()
            .orElseThrow();
    assertThat(lastBlue).as("no dual active").isLessThanOrEqualTo(firstGreen);
    AuditRecord sample = log.records.get(0);
    assertThat(sample.topic()).isEqualTo(topic);
    assertThat(sample.key()).startsWith("k-");
    assertThat(sample.pod()).startsWith("consumer-app-");
  }

  @Test
  void Metrics_and_health_endpoints_answer_and_a_bad_configuration_fails_start_up()
      throws Exception {
    kubernetes.createLease(lease, "blue1");
    blue = AppProcess.launch("consumer-app-blue", env("blue1", "consumer-app-blue1-b"));
    await().atMost(WAIT).until(() -> "ACTIVE".equals(blue.state()));
    broker.produce(topic, 50);
    await().atMost(WAIT).until(() -> blue.status().path("processed").asLong() == 50);

    String metrics = blue.get("/metrics").body();
    assertThat(metrics)
        .contains("kafka_bluegreen_consumer_records_processed_total{hash=\"blue1\",} 50.0")
        .contains("kafka_bluegreen_consumer_lifecycle_state{hash=\"blue1\",state=\"ACTIVE\",} 1.0")
        .contains("kafka_bluegreen_consumer_processing_seconds_bucket");
    assertThat(blue.get("/healthz").statusCode()).isEqualTo(200);
    JsonNode status = blue.status();
    assertThat(status.path("group").asText()).isEqualTo(group);
    assertThat(status.path("lease").path("holder").asText()).isEqualTo("blue1");
    assertThat(status.path("kafkaConnected").asBoolean()).isTrue();

    Map<String, String> bad = new HashMap<>(env("green1", "consumer-app-green1-b"));
    bad.remove("APP_TOPICS");
    bad.put("APP_FAILURE_RATE", "2");
    green = AppProcess.launch("consumer-app-bad", bad);
    assertThat(green.waitForExit(WAIT)).isEqualTo(2);
  }

  @Test
  void Crash_mode_exits_abruptly_and_the_next_pod_loses_nothing() throws Exception {
    kubernetes.createLease(lease, "blue1");
    Map<String, String> crashing = new HashMap<>(env("blue1", "consumer-app-blue1-c"));
    crashing.put("APP_FAILURE_MODE", "crash");
    crashing.put("APP_CRASH_AFTER", "100");
    blue = AppProcess.launch("consumer-app-crash", crashing);
    await().atMost(WAIT).until(() -> "ACTIVE".equals(blue.state()));
    broker.produce(topic, 500);
    assertThat(blue.waitForExit(WAIT)).isEqualTo(3);

    green = AppProcess.launch("consumer-app-after-crash", env("blue1", "consumer-app-blue1-d"));
    Map<Integer, Long> end = LoadProducer.endOffsets(broker, topic);
    await().atMost(WAIT).until(() -> committedOffsets().equals(end));
    AuditLog log = AuditLog.read(broker, audit);
    assertThat(log.missing(end)).as("lost").isEmpty();
    assertThat(log.countByHash().get("blue1")).isGreaterThanOrEqualTo(500);
  }

  private Map<Integer, Long> committedOffsets() throws Exception {
    Map<Integer, Long> out = new HashMap<>();
    broker
        .admin()
        .listConsumerGroupOffsets(group)
        .partitionsToOffsetAndMetadata()
        .get()
        .forEach((tp, o) -> out.put(tp.partition(), o.offset()));
    return out;
  }

  private Map<String, String> env(String hash, String pod) {
    Map<String, String> env = new HashMap<>(kubernetes.clientEnv());
    env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
    env.put("APP_TOPICS", topic);
    env.put("APP_GROUP", group);
    env.put("APP_AUDIT_TOPIC", audit);
    env.put("LIFECYCLE_LEASE_NAME", lease);
    env.put("LIFECYCLE_AUTH_TOKEN", TOKEN);
    // these tests state the leave rule (a paused pod is not a member); lifecycle-webhook's
    // StandbyMembershipIT states the standby one
    env.put("LIFECYCLE_MEMBERSHIP", "leave");
    env.put("POD_NAME", pod);
    env.put("POD_NAMESPACE", MockKubernetes.NAMESPACE);
    env.put("POD_TEMPLATE_HASH", hash);
    return env;
  }

  private List<String> groupMembers() throws Exception {
    return broker
        .admin()
        .describeConsumerGroups(List.of(group))
        .describedGroups()
        .get(group)
        .get()
        .members()
        .stream()
        .map(m -> m.clientId())
        .toList();
  }
}
