package io.kafkabluegreen.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kafkabluegreen.lifecycle.TestPods.Processed;
import io.kafkabluegreen.lifecycle.lease.LeasePhase;
import io.kafkabluegreen.tests.kafka.KafkaBroker;
import java.time.Duration;
import java.util.Comparator;
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
 * Standby membership (DESIGN.md): pods that may not consume stay in the group holding nothing, the
 * library's assignor gives every partition to the color the Lease allows, and a switch moves them
 * through rebalances instead of an empty group — with the drain's guarantees unchanged: committed
 * == processed, nothing lost, nothing twice, never both colors.
 */
class StandbyMembershipIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final int PARTITIONS = 6;

  private final KafkaBroker broker = KafkaBroker.shared();
  private MockKubernetes kubernetes;
  private TestPods pods;
  private String lease;

  static Stream<Arguments> protocols() {
    return Stream.of(
        Arguments.of("classic-eager", RangeAssignor.class.getName()),
        Arguments.of("classic-cooperative-sticky", CooperativeStickyAssignor.class.getName()));
  }

  private void setUp(String assignor) {
    String id = UUID.randomUUID().toString().substring(0, 8);
    String topic = "orders-" + id;
    lease = "lease-" + id;
    broker.createTopic(topic, PARTITIONS);
    kubernetes = new MockKubernetes();
    kubernetes.createLease(lease, "blue");
    pods =
        new TestPods(
                broker,
                kubernetes,
                topic,
                "group-" + id,
                lease,
                Map.of(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, assignor))
            .membership(Membership.STANDBY);
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
  void Standby_pods_stay_members_holding_nothing_and_a_switch_and_its_rollback_move_every_partition(
      String protocol, String assignor) throws Exception {
    setUp(assignor);
    List<ConsumerLifecycle<String, String>> blue =
        List.of(pods.start("blue", "blue-0"), pods.start("blue", "blue-1"));
    List<ConsumerLifecycle<String, String>> green =
        List.of(pods.start("green", "green-0"), pods.start("green", "green-1"));
    awaitOwnedBy("blue");
    assertThat(pods.members()).as("standby pods are members").hasSize(4);
    assertThat(green).allSatisfy(p -> assertThat(p.state()).isEqualTo(LifecycleState.STANDBY));

    // produced for ~6 s: both switches happen under load and each color has records after its own
    CompletableFuture<Void> load = pods.load(12000, 2000);
    await().atMost(WAIT).until(() -> pods.processed.size() > 1000);

    switchOver(blue, "blue", "green");
    await().atMost(WAIT).until(() -> pods.processed.size() > 3000);
    switchOver(green, "green", "blue");
    pods.produce(200); // blue has records after the rollback, however fast the load was

    load.get();
    long produced = pods.produced();
    await().atMost(WAIT).until(() -> pods.processed.size() >= produced);
    assertThat(pods.missing()).as("lost").isEmpty();
    assertThat(pods.duplicates()).as("processed twice").isEmpty();
    List<String> colors =
        pods.processed.stream()
            .sorted(Comparator.comparingLong(Processed::atNanos))
            .map(Processed::hash)
            .toList();
    assertThat(transitions(colors)).as("blue, then green, then blue: never both").isEqualTo(2);
    await().atMost(WAIT).until(() -> pods.committed().equals(pods.endOffsets()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("protocols")
  void An_explicit_pause_gives_the_pods_partitions_to_its_peers_and_keeps_it_a_member(
      String protocol, String assignor) throws Exception {
    setUp(assignor);
    ConsumerLifecycle<String, String> first = pods.start("blue", "blue-0");
    ConsumerLifecycle<String, String> second = pods.start("blue", "blue-1");
    await().atMost(WAIT).until(() -> pods.owners().size() == 2);
    CompletableFuture<Void> load = pods.load(3000, 2000);
    await().atMost(WAIT).until(() -> pods.processed.size() > 500);

    PauseResult paused = first.pause(Duration.ofSeconds(30));

    assertThat(paused.state()).isEqualTo(LifecycleState.STANDBY);
    assertThat(first.status().assignedPartitions()).as("given back").isEmpty();
    await().atMost(WAIT).until(() -> pods.owners().equals(Map.of(second.clientId(), PARTITIONS)));
    assertThat(pods.members()).contains(first.clientId());
    load.get();
    long produced = pods.produced();
    await().atMost(WAIT).until(() -> pods.processed.size() >= produced);
    assertThat(pods.missing()).as("lost").isEmpty();
    assertThat(pods.duplicates()).as("processed twice").isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("protocols")
  void A_standby_pod_next_to_an_active_revision_on_leave_membership_waits_outside_and_takes_over(
      String protocol, String assignor) throws Exception {
    setUp(assignor);
    // the upgrade from a release without standby membership: blue leaves, green would stay
    ConsumerLifecycle<String, String> blue =
        pods.start("blue", "blue-0", o -> o.withMembership(Membership.LEAVE));
    await().atMost(WAIT).until(() -> blue.state() == LifecycleState.ACTIVE);
    ConsumerLifecycle<String, String> green = pods.start("green", "green-0");
    CompletableFuture<Void> load = pods.load(3000, 2000);
    await().atMost(WAIT).until(() -> pods.processed.size() > 500);

    await()
        .during(Duration.ofSeconds(2))
        .atMost(WAIT)
        .until(
            () ->
                green.state() == LifecycleState.STANDBY
                    && pods.members().equals(List.of(blue.clientId())));
    kubernetes.setLease(lease, "blue", LeasePhase.DRAINING);
    assertThat(blue.pause(WAIT).state()).isEqualTo(LifecycleState.STANDBY);
    kubernetes.setLease(lease, "green", LeasePhase.ACTIVE);

    await().atMost(WAIT).until(() -> pods.owners().equals(Map.of(green.clientId(), PARTITIONS)));
    load.get();
    long produced = pods.produced();
    await().atMost(WAIT).until(() -> pods.processed.size() >= produced);
    assertThat(pods.missing()).as("lost").isEmpty();
    assertThat(pods.duplicates()).as("processed twice").isEmpty();
    assertThat(green.healthy()).isTrue();
  }

  /** As the provider does: Lease to Draining, a synchronous pause of every old pod, the flip. */
  private void switchOver(List<ConsumerLifecycle<String, String>> old, String from, String to) {
    kubernetes.setLease(lease, from, LeasePhase.DRAINING);
    List<PauseResult> paused = old.parallelStream().map(p -> p.pause(WAIT)).toList();
    assertThat(paused).allSatisfy(r -> assertThat(r.state()).isEqualTo(LifecycleState.STANDBY));
    assertThat(old).allSatisfy(p -> assertThat(p.status().assignedPartitions()).isEmpty());
    Map<Integer, Long> processed = pods.processedUpTo();
    assertThat(pods.committed()).as("committed == processed").isEqualTo(processed);
    assertThat(pods.members()).as("the group never empties").hasSize(4);

    kubernetes.setLease(lease, to, LeasePhase.ACTIVE);
    awaitOwnedBy(to);
  }

  private void awaitOwnedBy(String hash) {
    await()
        .atMost(WAIT)
        .until(
            () -> {
              Map<String, Integer> owners = pods.owners();
              return "Stable".equalsIgnoreCase(pods.groupState())
                  && owners.keySet().stream().allMatch(id -> id.contains("-" + hash + "-"))
                  && owners.values().stream().mapToInt(Integer::intValue).sum() == PARTITIONS;
            });
  }

  private static int transitions(List<String> colors) {
    int count = 0;
    for (int i = 1; i < colors.size(); i++) {
      if (!colors.get(i).equals(colors.get(i - 1))) {
        count++;
      }
    }
    return count;
  }
}
