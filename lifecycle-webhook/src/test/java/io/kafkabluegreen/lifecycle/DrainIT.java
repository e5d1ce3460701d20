package io.kafkabluegreen.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kafkabluegreen.lifecycle.TestPods.Processed;
import io.kafkabluegreen.lifecycle.lease.LeasePhase;
import io.kafkabluegreen.tests.kafka.KafkaBroker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Drain semantics (docs/design.md §4) under load, with each group protocol: commit exactly what was
 * processed, leave the group, and let the next owner continue with nothing lost and nothing twice.
 */
class DrainIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  private final KafkaBroker broker = KafkaBroker.shared();
  private MockKubernetes kubernetes;
  private TestPods pods;
  private String lease;

  static Stream<Arguments> protocols() {
    return Stream.of(
        Arguments.of(
            "classic-eager",
            Map.of(
                ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                RangeAssignor.class.getName())),
        Arguments.of(
            "classic-cooperative-sticky",
            Map.of(
                ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                CooperativeStickyAssignor.class.getName())),
        Arguments.of("consumer", Map.of(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer")));
  }

  private void setUp(Map<String, Object> kafka) {
    String id = UUID.randomUUID().toString().substring(0, 8);
    String topic = "orders-" + id;
    lease = "lease-" + id;
    broker.createTopic(topic, 6);
    kubernetes = new MockKubernetes();
    kubernetes.createLease(lease, "blue");
    pods = new TestPods(broker, kubernetes, topic, "group-" + id, lease, kafka);
  }

  @AfterEach
  void tearDown() {
    if (pods != null) {
      pods.close();
    }
    if (kubernetes != null) {
      kubernetes.close();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("protocols")
  void Drain_under_load_commits_exactly_what_was_processed_and_the_next_color_continues(
      String protocol, Map<String, Object> kafka) throws Exception {
    setUp(kafka);
    List<ConsumerLifecycle<String, String>> blue =
        List.of(pods.start("blue", "blue-0"), pods.start("blue", "blue-1"));
    List<ConsumerLifecycle<String, String>> green =
        List.of(pods.start("green", "green-0"), pods.start("green", "green-1"));
    await().atMost(WAIT).until(() -> pods.members().size() == 2);

    CompletableFuture<Void> load = pods.load(6000, 2000);
    await().atMost(WAIT).until(() -> pods.processed.size() > 1000);

    // as the provider does: Lease to Draining, then a synchronous pause of every old pod
    kubernetes.setLease(lease, "blue", LeasePhase.DRAINING);
    List<PauseResult> paused =
        blue.parallelStream().map(p -> p.pause(Duration.ofSeconds(30))).toList();
    assertThat(paused).allSatisfy(r -> assertThat(r.state()).isEqualTo(LifecycleState.STANDBY));
    Map<Integer, Long> processedByBlue = pods.processedUpTo();
    assertThat(pods.committed()).as("committed == processed").isEqualTo(processedByBlue);
    await().atMost(WAIT).until(() -> pods.members().isEmpty());
    assertThat(pods.processedUpTo())
        .as("nothing processed after the drain")
        .isEqualTo(processedByBlue);

    kubernetes.setLease(lease, "green", LeasePhase.ACTIVE);
    await()
        .atMost(WAIT)
        .until(() -> green.stream().allMatch(p -> p.state() == LifecycleState.ACTIVE));
    load.get();
    // with the broker's default initial rebalance delay blue may have drained the whole load
    pods.produce(200);
    long produced = pods.produced();
    await().atMost(WAIT).until(() -> pods.processed.size() >= produced);
    assertThat(pods.missing()).as("lost").isEmpty();
    assertThat(pods.duplicates()).as("processed twice").isEmpty();
    long lastBlue =
        pods.processed.stream()
            .filter(p -> p.hash().equals("blue"))
            .mapToLong(Processed::atNanos)
            .max()
            .orElseThrow();
    long firstGreen =
        pods.processed.stream()
            .filter(p -> p.hash().equals("green"))
            .mapToLong(Processed::atNanos)
            .min()
            .orElseThrow();
    assertThat(lastBlue).as("never both colors").isLessThan(firstGreen);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("protocols")
  void A_rebalance_during_the_drain_loses_nothing_and_duplicates_nothing(
      String protocol, Map<String, Object> kafka) throws Exception {
    setUp(kafka);
    ConsumerLifecycle<String, String> first = pods.start("blue", "blue-0");
    await().atMost(WAIT).until(() -> pods.members().size() == 1);
    CompletableFuture<Void> load = pods.load(4000, 2000);
    await().atMost(WAIT).until(() -> pods.processed.size() > 500);

    // a second member joins: the group rebalances while the first one drains
    ConsumerLifecycle<String, String> second = pods.start("blue", "blue-1");
    await().atMost(WAIT).until(() -> second.state() == LifecycleState.ACTIVE);
    PauseResult paused = first.pause(Duration.ofSeconds(30));
    assertThat(paused.state()).isEqualTo(LifecycleState.STANDBY);

    await().atMost(WAIT).until(() -> pods.members().equals(List.of(second.clientId())));
    load.get();
    long produced = pods.produced();
    await().atMost(WAIT).until(() -> pods.processed.size() >= produced);
    assertThat(pods.missing()).as("lost").isEmpty();
    assertThat(pods.duplicates()).as("processed twice").isEmpty();
    await().atMost(WAIT).until(() -> pods.committed().equals(pods.endOffsets()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("protocols")
  void Shutdown_while_active_commits_what_was_processed_and_leaves_the_group(
      String protocol, Map<String, Object> kafka) throws Exception {
    setUp(kafka);
    ConsumerLifecycle<String, String> blue = pods.start("blue", "blue-0");
    await().atMost(WAIT).until(() -> pods.members().size() == 1);
    CompletableFuture<Void> load = pods.load(3000, 2000);
    await().atMost(WAIT).until(() -> pods.processed.size() > 500);

    blue.close();

    assertThat(blue.state()).isEqualTo(LifecycleState.STOPPED);
    assertThat(blue.ready()).isFalse();
    assertThat(pods.committed()).as("committed == processed").isEqualTo(pods.processedUpTo());
    await().atMost(WAIT).until(() -> pods.members().isEmpty());
    load.get();
    assertThat(pods.duplicates()).isEmpty();
  }
}
