package io.kafkabluegreen.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kafkabluegreen.lifecycle.LifecycleState;
import io.kafkabluegreen.lifecycle.PauseResult;
import io.kafkabluegreen.lifecycle.lease.LeasePhase;
import io.kafkabluegreen.tests.kafka.KafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** consumer-app in-process (several "pods" in one JVM), proven with its audit topic. */
class ConsumerAppIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  private final KafkaBroker broker = KafkaBroker.shared();
  private final List<ConsumerApp> apps = new ArrayList<>();
  private MockKubernetes kubernetes;
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
    lease = "lease-" + id;
    broker.createTopic(topic, 4);
    broker.createTopic(audit, 4);
    kubernetes = new MockKubernetes();
    kubernetes.createLease(lease, "blue");
  }

  @AfterEach
  void tearDown() {
    apps.parallelStream().forEach(ConsumerApp::close);
    kubernetes.close();
  }

  @Test
  void Transactional_mode_switches_under_load_with_nothing_lost_and_nothing_twice()
      throws Exception {
    switchUnderLoad(Map.of("APP_TRANSACTIONAL", "true"));
  }

  @Test
  void Drain_under_load_commits_exactly_what_was_audited() throws Exception {
    switchUnderLoad(Map.of());
  }

  @Test
  void A_failing_revision_shows_its_failures_but_loses_nothing() throws Exception {
    ConsumerApp blue =
        start(
            "blue",
            "blue-0",
            Map.of(
                "APP_FAILURE_MODE",
                "rate",
                "APP_FAILURE_RATE",
                "0.3",
                "LIFECYCLE_RETRY_BACKOFF_MS",
                "1"));
    await().atMost(WAIT).until(() -> blue.lifecycle().state() == LifecycleState.ACTIVE);
    broker.produce(topic, 300);
    await().atMost(WAIT).until(() -> blue.lifecycle().status().processed() == 300);
    assertThat(blue.lifecycle().status().failed()).isPositive();

    blue.lifecycle().pause(WAIT);
    AuditLog log = AuditLog.read(broker, audit);
    assertThat(log.missing(LoadProducer.endOffsets(broker, topic))).isEmpty();
    assertThat(log.duplicates()).isEmpty();
  }

  @Test
  void Per_revision_group_mode_joins_the_group_of_its_hash() {
    ConsumerApp blue = start("blue", "blue-0", Map.of("LIFECYCLE_GROUP_MODE", "per-revision"));
    await().atMost(WAIT).until(() -> blue.lifecycle().state() == LifecycleState.ACTIVE);
    assertThat(blue.lifecycle().group()).isEqualTo(group + "-blue");
    broker.produce(topic, 10);
    await().atMost(WAIT).until(() -> blue.lifecycle().status().processed() == 10);
    await()
        .atMost(WAIT)
        .until(
            () ->
                broker
                        .admin()
                        .describeConsumerGroups(List.of(group + "-blue"))
                        .all()
                        .get()
                        .get(group + "-blue")
                        .members()
                        .size()
                    == 1);
  }

  private void switchUnderLoad(Map<String, String> extra) throws Exception {
    List<ConsumerApp> blue =
        List.of(start("blue", "blue-0", extra), start("blue", "blue-1", extra));
    List<ConsumerApp> green =
        List.of(start("green", "green-0", extra), start("green", "green-1", extra));
    await()
        .atMost(WAIT)
        .until(() -> blue.stream().allMatch(a -> a.lifecycle().state() == LifecycleState.ACTIVE));

    CompletableFuture<Void> load = LoadProducer.start(broker, topic, 4000, 2000);
    await().atMost(WAIT).until(() -> processed(blue) > 800);

    kubernetes.setLease(lease, "blue", LeasePhase.DRAINING);
    List<PauseResult> paused =
        blue.parallelStream().map(a -> a.lifecycle().pause(Duration.ofSeconds(30))).toList();
    assertThat(paused).allSatisfy(p -> assertThat(p.state()).isEqualTo(LifecycleState.STANDBY));
    // a committed offset always has its audit record: what blue committed is fully audited.
    // Awaited: in transactional mode the commit markers reach the audit partitions just after
    // commitTransaction returns, and a read_committed reader sees nothing before them.
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              AuditLog atSwitch = AuditLog.read(broker, audit);
              assertThat(atSwitch.records).hasSize((int) processed(blue));
              assertThat(atSwitch.missing(committedOffsets())).isEmpty();
            });

    kubernetes.setLease(lease, "green", LeasePhase.ACTIVE);
    green.parallelStream().forEach(a -> a.lifecycle().resume(Duration.ofSeconds(30)));
    load.get();
    Map<Integer, Long> end = LoadProducer.endOffsets(broker, topic);
    long produced = end.values().stream().mapToLong(Long::longValue).sum();
    await().atMost(WAIT).until(() -> processed(blue) + processed(green) == produced);
    green.parallelStream().forEach(ConsumerApp::close);

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> assertThat(AuditLog.read(broker, audit).missing(end)).as("lost").isEmpty());
    assertThat(AuditLog.read(broker, audit).duplicates()).as("processed twice").isEmpty();
    assertThat(committedOffsets()).isEqualTo(end);
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

  private static long processed(List<ConsumerApp> apps) {
    return apps.stream().mapToLong(a -> a.lifecycle().status().processed()).sum();
  }

  private ConsumerApp start(String hash, String pod, Map<String, String> extra) {
    Map<String, String> env = new HashMap<>();
    env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
    env.put("KAFKA_MAX_POLL_RECORDS", "200");
    env.put("APP_TOPICS", topic);
    env.put("APP_GROUP", group);
    env.put("APP_AUDIT_TOPIC", audit);
    env.put("APP_PORT", "0");
    env.put("APP_BIND_ADDRESS", "127.0.0.1");
    env.put("LIFECYCLE_LEASE_NAME", lease);
    env.put("POD_NAME", "consumer-app-" + pod);
    env.put("POD_NAMESPACE", MockKubernetes.NAMESPACE);
    env.put("POD_TEMPLATE_HASH", hash);
    env.putAll(extra);
    ConsumerApp app = ConsumerApp.start(AppConfig.fromEnv(env), kubernetes.client());
    apps.add(app);
    return app;
  }
}
