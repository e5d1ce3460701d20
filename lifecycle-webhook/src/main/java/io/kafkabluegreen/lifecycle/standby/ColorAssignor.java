package io.kafkabluegreen.lifecycle.standby;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Configurable;

/**
 * The classic-protocol assignor that lets standby pods stay in the consumer group holding nothing
 * (so the group never becomes empty at a switch and the broker's {@code
 * group.initial.rebalance.delay.ms} never applies): partitions go only to members of the color the
 * Lease allows, by the rule of {@link AssignmentPlan}. The library installs it; Kafka instantiates
 * it by class name and passes the member's {@link StandbyMember} in the consumer's configuration
 * under {@link #MEMBER_CONFIG}.
 */
public final class ColorAssignor implements ConsumerPartitionAssignor, Configurable {

  /** Name of the group protocol; every member of a group must offer it. */
  public static final String NAME = "kafka-bluegreen";

  /** Consumer configuration key of this member's {@link StandbyMember}. */
  public static final String MEMBER_CONFIG = "kafka-bluegreen.standby.member";

  /** Consumer configuration key: {@code true} for the cooperative rebalance protocol. */
  public static final String COOPERATIVE_CONFIG = "kafka-bluegreen.standby.cooperative";

  private static final byte DECIDED_VERSION = 1;

  private StandbyMember member;
  private boolean cooperative;

  @Override
  public void configure(Map<String, ?> configs) {
    Object value = configs.get(MEMBER_CONFIG);
    if (!(value instanceof StandbyMember m)) {
      throw new IllegalArgumentException(
          MEMBER_CONFIG + " must be a StandbyMember; the library sets it, got " + value);
    }
    this.member = m;
    this.cooperative = Boolean.parseBoolean(String.valueOf(configs.get(COOPERATIVE_CONFIG)));
  }

  @Override
  public ByteBuffer subscriptionUserData(Set<String> topics) {
    MemberLease now = member.current();
    member.joining(now);
    return now.encode();
  }

  @Override
  public GroupAssignment assign(Cluster metadata, GroupSubscription groupSubscription) {
    List<AssignmentPlan.Member> members = new ArrayList<>();
    Map<String, Integer> partitionsPerTopic = new HashMap<>();
    groupSubscription
        .groupSubscription()
        .forEach(
            (id, s) -> {
              members.add(
                  new AssignmentPlan.Member(
                      id,
                      Set.copyOf(s.topics()),
                      MemberLease.decode(s.userData()),
                      s.ownedPartitions(),
                      s.generationId().orElse(-1)));
              for (String topic : s.topics()) {
                Integer count = metadata.partitionCountForTopic(topic);
                if (count != null) {
                  partitionsPerTopic.put(topic, count);
                }
              }
            });
    long decided = AssignmentPlan.winner(members).map(MemberLease::epoch).orElse(-1L);
    Map<String, Assignment> assignments = new HashMap<>();
    AssignmentPlan.assign(members, partitionsPerTopic, cooperative)
        .forEach(
            (id, partitions) ->
                assignments.put(id, new Assignment(partitions, encodeDecided(decided))));
    return new GroupAssignment(assignments);
  }

  /**
   * Tells the member which Lease epoch its assignment was made from ({@link StandbyView#stale}).
   */
  @Override
  public void onAssignment(Assignment assignment, ConsumerGroupMetadata metadata) {
    member.assigned(decodeDecided(assignment.userData()));
  }

  /** The assignment's user data: a version byte, then the epoch the leader went by. */
  static ByteBuffer encodeDecided(long epoch) {
    return ByteBuffer.allocate(1 + 8).put(DECIDED_VERSION).putLong(epoch).flip();
  }

  /** Empty for no user data or one this version does not understand (an older or newer leader). */
  static OptionalLong decodeDecided(ByteBuffer data) {
    if (data == null || data.remaining() < 1 + 8) {
      return OptionalLong.empty();
    }
    ByteBuffer b = data.duplicate();
    return b.get() == DECIDED_VERSION ? OptionalLong.of(b.getLong()) : OptionalLong.empty();
  }

  @Override
  public List<RebalanceProtocol> supportedProtocols() {
    return cooperative
        ? List.of(RebalanceProtocol.EAGER, RebalanceProtocol.COOPERATIVE)
        : List.of(RebalanceProtocol.EAGER);
  }

  @Override
  public String name() {
    return NAME;
  }
}
