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
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Assignment;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.GroupSubscription;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Subscription;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.junit.jupiter.api.Test;

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
    lease.set(Optional.of(new LeaseState(holder, phase, "", epoch, "1")));
  }

  private void joins() {
    blue.joining(blue.current());
  }

  @Test
  void
      an_old_color_member_that_joined_with_the_Draining_view_does_not_ask_again_once_it_reads_the_flip() {
    leaseIs("blue", LeasePhase.DRAINING, 6);
    joins(); // the new color's rebalance, joined from inside poll() with the view it had
    blue.assigned(OptionalLong.of(7)); // a green member reported the flip: the leader went by 7
    leaseIs("green", LeasePhase.ACTIVE, 7); // the poll thread reads the flip only now

    assertThat(blue.stale()).isFalse();
  }

  @Test
  void a_member_that_saw_a_Lease_newer_than_the_leader_went_by_asks_again() {
    leaseIs("blue", LeasePhase.ACTIVE, 5);
    joins();
    blue.assigned(OptionalLong.of(5));
    assertThat(blue.stale()).isFalse();

    leaseIs("blue", LeasePhase.DRAINING, 6);

    assertThat(blue.stale()).isTrue();
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
  void a_view_behind_what_it_sent_asks_again() {
    leaseIs("blue", LeasePhase.ACTIVE, 5);
    joins();
    blue.assigned(OptionalLong.of(5));

    lease.set(Optional.empty());

    assertThat(blue.stale()).isTrue();
  }

  @Test
  void without_the_leaders_epoch_any_change_since_its_JoinGroup_asks_again() {
    leaseIs("blue", LeasePhase.DRAINING, 6);
    joins();
    blue.assigned(OptionalLong.empty()); // a leader of a release that does not tell
    assertThat(blue.stale()).isFalse();

    leaseIs("green", LeasePhase.ACTIVE, 7);

    assertThat(blue.stale()).isTrue();
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
