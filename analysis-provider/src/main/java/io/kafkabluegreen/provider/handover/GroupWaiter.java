package io.kafkabluegreen.provider.handover;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;

/**
 * Waits for a consumer group to reach a condition, asking Kafka itself (docs/design.md §4 steps 4
 * and 6). Each wait polls {@code describeConsumerGroups} until the condition holds or its timeout
 * passes, and then answers what was still missing.
 */
final class GroupWaiter {

  private static final int MAX_LISTED = 5;

  private final GroupReader groups;
  private final Duration pollInterval;

  GroupWaiter(GroupReader groups, Duration pollInterval) {
    this.groups = groups;
    this.pollInterval = pollInterval;
  }

  /**
   * Empty when every group was seen without members, or when the members left are accepted by
   * {@code settledElsewhere} (asked only when some remain); otherwise who was still there.
   */
  Optional<String> awaitEmpty(
      List<String> groupIds, Duration timeout, Predicate<List<GroupMember>> settledElsewhere) {
    return poll(
        timeout,
        () -> {
          List<GroupMember> remaining = new ArrayList<>();
          List<String> left = new ArrayList<>();
          for (String group : groupIds) {
            GroupView view = groups.describe(group);
            if (!view.empty()) {
              remaining.addAll(view.members());
              left.add("group " + group + " still has members " + describe(view.members()));
            }
          }
          if (left.isEmpty() || settledElsewhere.test(remaining)) {
            return Optional.empty();
          }
          return Optional.of(String.join("; ", left));
        });
  }

  /**
   * Standby membership: empty once no member but the target's holds a partition. A classic group
   * shows assignments only while Stable; while it rebalances, a member counts as released only if
   * its pod said so ({@code released}: it answered the pause STANDBY holding nothing), because a
   * cooperative member keeps what it owns during a rebalance. {@code settledElsewhere} as in {@link
   * #awaitEmpty}, asked with the members that still hold (or may hold) partitions.
   */
  Optional<String> awaitReleased(
      List<String> groupIds,
      String target,
      MemberColors colors,
      Set<String> released,
      Duration timeout,
      Predicate<List<GroupMember>> settledElsewhere) {
    return poll(
        timeout,
        () -> {
          List<GroupMember> holding = new ArrayList<>();
          List<String> left = new ArrayList<>();
          for (String group : groupIds) {
            GroupView view = groups.describe(group);
            boolean visible = view.consumerProtocol() || "Stable".equalsIgnoreCase(view.state());
            List<GroupMember> mayHold =
                view.members().stream()
                    .filter(m -> !colors.colorOf(m).map(target::equals).orElse(false))
                    .filter(m -> !colors.podOf(m).map(released::contains).orElse(false))
                    .filter(m -> !visible || !m.partitions().isEmpty())
                    .toList();
            if (!mayHold.isEmpty()) {
              holding.addAll(mayHold);
              String why =
                  visible
                      ? " still has members holding partitions "
                      : " is " + view.state() + "; members not confirmed released: ";
              left.add("group " + group + why + describe(mayHold));
            }
          }
          if (left.isEmpty() || settledElsewhere.test(holding)) {
            return Optional.empty();
          }
          return Optional.of(String.join("; ", left));
        });
  }

  /**
   * Empty once {@code target}'s pods are members of {@code group}, no other color is, and every
   * partition of the group's topics is assigned; otherwise what was still missing.
   */
  Optional<String> awaitOwned(String group, String target, MemberColors colors, Duration timeout) {
    Ownership ownership = new Ownership(group, target, colors);
    return poll(timeout, ownership::missing);
  }

  /** One look, no waiting: empty when {@code target} owns {@code group} right now. */
  Optional<String> ownedNow(String group, String target, MemberColors colors) {
    try {
      return new Ownership(group, target, colors).missing();
    } catch (KafkaUnavailableException e) {
      return Optional.of(e.getMessage());
    }
  }

  private Optional<String> poll(Duration timeout, Supplier<Optional<String>> missing) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last;
    while (true) {
      try {
        Optional<String> gap = missing.get();
        if (gap.isEmpty()) {
          return gap;
        }
        last = gap.get();
      } catch (KafkaUnavailableException e) {
        last = e.getMessage();
      }
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        return Optional.of(last);
      }
      pause(Math.min(remaining, pollInterval.toNanos()));
    }
  }

  private static void pause(long nanos) {
    try {
      Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaUnavailableException("waiting on the group (interrupted)", e);
    }
  }

  static String describe(List<GroupMember> members) {
    String listed =
        members.stream()
            .limit(MAX_LISTED)
            .map(m -> m.clientId() + "@" + m.host())
            .collect(Collectors.joining(", ", "[", "]"));
    return members.size() > MAX_LISTED
        ? listed + " and " + (members.size() - MAX_LISTED) + " more"
        : listed;
  }

  /** The topics the group consumes, learned from its commits and its members' assignments. */
  private final class Ownership {
    private final String group;
    private final String target;
    private final MemberColors colors;
    private final Map<String, Integer> partitionCounts = new TreeMap<>();
    private boolean committedRead;

    Ownership(String group, String target, MemberColors colors) {
      this.group = group;
      this.target = target;
      this.colors = colors;
    }

    Optional<String> missing() {
      if (!committedRead) {
        learn(groups.committed(group).keySet().stream().map(TopicPartition::topic).toList());
        committedRead = true;
      }
      GroupView view = groups.describe(group);
      // other revisions' standby members may stay, holding nothing
      List<GroupMember> others =
          colors.otherColors(target, view).stream().filter(m -> !m.partitions().isEmpty()).toList();
      if (!others.isEmpty()) {
        return Optional.of("members of other revisions hold partitions: " + describe(others));
      }
      if (colors.of(target, view).isEmpty()) {
        return Optional.of("no member of revision " + target + " in group " + group + " yet");
      }
      // A classic group's assignments are void while it rebalances (eager members have revoked
      // them); a consumer-protocol member's assignment is what it owns even while reconciling.
      if (!view.consumerProtocol() && !"Stable".equalsIgnoreCase(view.state())) {
        return Optional.of("group " + group + " is " + view.state());
      }
      Set<TopicPartition> assigned = new HashSet<>();
      view.members().forEach(m -> assigned.addAll(m.partitions()));
      learn(assigned.stream().map(TopicPartition::topic).toList());
      List<String> unassigned = new ArrayList<>();
      partitionCounts.forEach(
          (topic, count) -> {
            for (int p = 0; p < count; p++) {
              if (!assigned.contains(new TopicPartition(topic, p))) {
                unassigned.add(topic + "-" + p);
              }
            }
          });
      if (!unassigned.isEmpty()) {
        return Optional.of(
            unassigned.size()
                + " partitions not assigned yet, e.g. "
                + unassigned.subList(0, Math.min(MAX_LISTED, unassigned.size())));
      }
      return Optional.empty();
    }

    private void learn(List<String> topics) {
      Set<String> unknown = new HashSet<>(topics);
      unknown.removeAll(partitionCounts.keySet());
      if (!unknown.isEmpty()) {
        Map<String, Integer> counts = groups.partitionCounts(unknown);
        // A topic that no longer exists has nothing to assign; remember it as such.
        unknown.forEach(topic -> partitionCounts.put(topic, counts.getOrDefault(topic, 0)));
      }
    }
  }
}
