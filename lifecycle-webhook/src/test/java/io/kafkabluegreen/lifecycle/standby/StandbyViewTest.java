package io.kafkabluegreen.lifecycle.standby;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkabluegreen.lifecycle.lease.LeasePhase;
import io.kafkabluegreen.lifecycle.lease.LeaseState;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Assignment;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.GroupSubscription;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Subscription;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * When a standby member asks for another rebalance (DESIGN.md, "A follow-up rebalance after the
 * flip"): only when the group's assignment was made from a Lease older than its own view, or its
 * hold changed unknown to the leader.
 */
class StandbyViewTest {

  private final AtomicReference<Optional<LeaseState>> lease = new AtomicReference<>();
  private final AtomicBoolean held = new AtomicBoolean();
  private final StandbyView blue = new StandbyView("blue");

  StandbyViewTest() {
    blue.connect(lease::get, l -> held.get());
  }

  private void leaseIs(String holder, LeasePhase phase, long epoch) {
    lease.set(at(holder, phase, epoch));
  }

  private void joins() {
    blue.joining(blue.current());
  }

  private static Optional<LeaseState> at(String holder, LeasePhase phase, long epoch) {
    return Optional.of(new LeaseState(holder, phase, "", epoch, "1"));
  }

  /** Name, the view its JoinGroup carried, the epoch the leader went by, its view now, stale. */
  static Stream<Arguments> afterAnAssignment() {
    Optional<LeaseState> draining6 = at("blue", LeasePhase.DRAINING, 6);
    Optional<LeaseState> blue5 = at("blue", LeasePhase.ACTIVE, 5);
    Optional<LeaseState> green7 = at("green", LeasePhase.ACTIVE, 7);
    return Stream.of(
        Arguments.of(
            "an old-color member that joined with the Draining view does not ask again once it"
                + " reads the flip the leader already went by",
            draining6,
            OptionalLong.of(7),
            green7,
            false),
        Arguments.of("nothing changed", blue5, OptionalLong.of(5), blue5, false),
        Arguments.of(
            "a Lease newer than the one the leader went by asks again",
            blue5,
            OptionalLong.of(5),
            draining6,
            true),
        Arguments.of(
            "a view behind what it sent asks again",
            blue5,
            OptionalLong.of(5),
            Optional.empty(),
            true),
        Arguments.of(
            "a leader that does not say (an older release): any change since its JoinGroup",
            draining6,
            OptionalLong.empty(),
            green7,
            true),
        Arguments.of(
            "a leader that does not say, nothing changed",
            draining6,
            OptionalLong.empty(),
            draining6,
            false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("afterAnAssignment")
  void after_an_assignment_a_member_asks_again_only_when_the_leader_went_by_an_older_view(
      String name,
      Optional<LeaseState> joinedWith,
      OptionalLong decided,
      Optional<LeaseState> now,
      boolean stale) {
    lease.set(joinedWith);
    joins();
    blue.assigned(decided);
    lease.set(now);

    assertThat(blue.stale()).isEqualTo(stale);
  }

  @Test
  void while_its_JoinGroup_is_under_way_it_waits_for_the_assignment_and_decides_then() {
    leaseIs("blue", LeasePhase.ACTIVE, 5);
    joins();
    leaseIs("blue", LeasePhase.DRAINING, 6);
    assertThat(blue.stale()).isFalse();

    blue.assigned(OptionalLong.of(5));

    assertThat(blue.stale()).isTrue();
  }

  @Test
  void a_hold_asks_again_only_while_the_Lease_allows_the_member() {
    leaseIs("blue", LeasePhase.ACTIVE, 5);
    joins();
    blue.assigned(OptionalLong.of(5));

    held.set(true);
    assertThat(blue.stale()).isTrue(); // the leader must learn it, or it keeps giving partitions

    joins();
    blue.assigned(OptionalLong.of(5));
    leaseIs("green", LeasePhase.ACTIVE, 6);
    joins();
    blue.assigned(OptionalLong.of(6));
    held.set(false);
    assertThat(blue.stale()).isFalse(); // green holds the Lease: blue gets nothing either way
  }

  @Test
  void before_its_first_JoinGroup_a_member_is_stale() {
    leaseIs("blue", LeasePhase.ACTIVE, 1);

    assertThat(blue.stale()).isTrue();
  }

  @Test
  void the_leader_tells_every_member_the_highest_epoch_reported_and_the_member_reads_it() {
    ColorAssignor assignor = new ColorAssignor();
    assignor.configure(Map.of(ColorAssignor.MEMBER_CONFIG, blue));
    Cluster cluster =
        new Cluster(
            "c",
            List.of(new Node(0, "localhost", 9092)),
            List.of(new PartitionInfo("orders", 0, null, null, null)),
            Set.of(),
            Set.of());
    GroupSubscription group =
        new GroupSubscription(
            Map.of(
                "b0", subscription(new MemberLease("blue", 6, "blue", false, false)),
                "g0", subscription(new MemberLease("green", 7, "green", true, false))));

    Map<String, Assignment> assignments = assignor.assign(cluster, group).groupAssignment();

    assertThat(assignments.values())
        .allSatisfy(a -> assertThat(ColorAssignor.decodeDecided(a.userData())).hasValue(7));
    leaseIs("blue", LeasePhase.DRAINING, 6);
    joins();
    assignor.onAssignment(assignments.get("b0"), null);
    leaseIs("green", LeasePhase.ACTIVE, 7);
    assertThat(blue.stale()).isFalse();
  }

  @Test
  void user_data_it_does_not_understand_is_no_epoch() {
    assertThat(ColorAssignor.decodeDecided(null)).isEmpty();
    assertThat(ColorAssignor.decodeDecided(ByteBuffer.wrap(new byte[] {1, 0}))).isEmpty();
    assertThat(ColorAssignor.decodeDecided(ByteBuffer.wrap(new byte[] {2, 0, 0, 0, 0, 0, 0, 0, 7})))
        .isEmpty();
    assertThat(ColorAssignor.decodeDecided(ColorAssignor.encodeDecided(-1))).hasValue(-1);
  }

  private static Subscription subscription(MemberLease lease) {
    return new Subscription(List.of("orders"), lease.encode());
  }
}
