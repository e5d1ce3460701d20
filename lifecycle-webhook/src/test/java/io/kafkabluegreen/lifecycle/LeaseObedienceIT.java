package io.kafkabluegreen.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kafkabluegreen.lifecycle.lease.LeasePhase;
import io.kafkabluegreen.lifecycle.lease.LeaseState;
import io.kafkabluegreen.tests.kafka.KafkaBroker;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Lease rule (docs/design.md §4): a pod is a group member iff the Lease allows its hash. */
class LeaseObedienceIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  private final KafkaBroker broker = KafkaBroker.shared();
  private MockKubernetes kubernetes;
  private TestPods pods;
  private String topic;
  private String group;
  private String lease;

  @BeforeEach
  void setUp() {
    String id = UUID.randomUUID().toString().substring(0, 8);
    topic = "orders-" + id;
    group = "group-" + id;
    lease = "lease-" + id;
    broker.createTopic(topic, 4);
    kubernetes = new MockKubernetes();
    pods = new TestPods(broker, kubernetes, topic, group, lease);
  }

  @AfterEach
  void tearDown() {
    pods.close();
    kubernetes.close();
  }

  @Test
  void When_no_lease_exists_Then_the_first_pod_creates_it_naming_itself_and_consumes() {
    ConsumerLifecycle<String, String> blue = pods.start("blue", "blue-0");

    await().atMost(WAIT).until(() -> blue.state() == LifecycleState.ACTIVE);
    assertThat(kubernetes.lease(lease))
        .hasValueSatisfying(
            l -> {
              assertThat(l.holder()).isEqualTo("blue");
              assertThat(l.phase()).isEqualTo(LeasePhase.ACTIVE);
            });
    broker.produce(topic, 200);
    await().atMost(WAIT).until(() -> pods.processed.size() >= 200);
    assertThat(blue.status().processed()).isEqualTo(200);
  }

  @Test
  void When_two_pods_start_at_once_without_a_lease_Then_exactly_one_holds_it() {
    CompletableFuture<ConsumerLifecycle<String, String>> blue =
        CompletableFuture.supplyAsync(
            () -> pods.start("blue", "blue-0", o -> o, kubernetes.newClient()));
    CompletableFuture<ConsumerLifecycle<String, String>> green =
        CompletableFuture.supplyAsync(
            () -> pods.start("green", "green-0", o -> o, kubernetes.newClient()));
    List<ConsumerLifecycle<String, String>> both = List.of(blue.join(), green.join());

    await()
        .atMost(WAIT)
        .until(
            () ->
                kubernetes.lease(lease).isPresent()
                    && both.stream().anyMatch(p -> p.state() == LifecycleState.ACTIVE)
                    && both.stream().allMatch(p -> p.lease().isPresent()));
    String holder = kubernetes.lease(lease).map(LeaseState::holder).orElseThrow();
    assertThat(holder).isIn("blue", "green");
    assertThat(both).filteredOn(p -> p.state() == LifecycleState.ACTIVE).hasSize(1);
    assertThat(both)
        .allSatisfy(
            p ->
                assertThat(p.lease())
                    .hasValueSatisfying(l -> assertThat(l.holder()).isEqualTo(holder)));
    await().atMost(WAIT).until(() -> memberHashes().equals(Set.of(holder)));
  }

  @Test
  void When_the_lease_moves_Then_pods_follow_it_both_ways_and_the_standby_is_not_a_member() {
    kubernetes.createLease(lease, "blue");
    ConsumerLifecycle<String, String> blue = pods.start("blue", "blue-0");
    ConsumerLifecycle<String, String> green = pods.start("green", "green-0");
    await()
        .atMost(WAIT)
        .until(
            () -> blue.state() == LifecycleState.ACTIVE && green.state() == LifecycleState.STANDBY);
    await().atMost(WAIT).until(() -> memberHashes().equals(Set.of("blue")));

    kubernetes.setLease(lease, "blue", LeasePhase.DRAINING);
    await().atMost(WAIT).until(() -> blue.state() == LifecycleState.STANDBY);
    assertThat(green.state()).isEqualTo(LifecycleState.STANDBY);
    await().atMost(WAIT).until(() -> memberHashes().isEmpty());

    kubernetes.setLease(lease, "green", LeasePhase.ACTIVE);
    await().atMost(WAIT).until(() -> green.state() == LifecycleState.ACTIVE);
    await().atMost(WAIT).until(() -> memberHashes().equals(Set.of("green")));
    assertThat(blue.state()).isEqualTo(LifecycleState.STANDBY);

    kubernetes.setLease(lease, "green", LeasePhase.DRAINING);
    kubernetes.setLease(lease, "blue", LeasePhase.ACTIVE);
    await()
        .atMost(WAIT)
        .until(
            () -> blue.state() == LifecycleState.ACTIVE && green.state() == LifecycleState.STANDBY);
    await().atMost(WAIT).until(() -> memberHashes().equals(Set.of("blue")));
  }

  @Test
  void When_the_lease_is_deleted_Then_its_holder_recreates_it_with_the_next_epoch() {
    kubernetes.createLease(lease, "blue");
    ConsumerLifecycle<String, String> blue = pods.start("blue", "blue-0");
    ConsumerLifecycle<String, String> green = pods.start("green", "green-0");
    await().atMost(WAIT).until(() -> blue.state() == LifecycleState.ACTIVE && green.ready());
    kubernetes.setLease(lease, "blue", LeasePhase.ACTIVE); // epoch 2

    kubernetes.client().leases().inNamespace(MockKubernetes.NAMESPACE).withName(lease).delete();

    await()
        .atMost(WAIT)
        .until(() -> kubernetes.lease(lease).map(LeaseState::epoch).orElse(0L) == 3);
    assertThat(kubernetes.lease(lease).orElseThrow().holder()).isEqualTo("blue");
    assertThat(blue.state()).isEqualTo(LifecycleState.ACTIVE);
    assertThat(green.state()).isEqualTo(LifecycleState.STANDBY);
  }

  /** The hashes of the group's members, from their client ids ({@code consumer-<hash>-<pod>}). */
  private Set<String> memberHashes() {
    return pods.members().stream().map(id -> id.split("-")[1]).collect(Collectors.toSet());
  }
}
