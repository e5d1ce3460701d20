package io.kafkabluegreen.lifecycle.standby;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;

/**
 * The assignment rule of {@link ColorAssignor}, as a pure function (DESIGN.md, "Standby
 * membership"):
 *
 * <ol>
 *   <li>the Lease that counts is the one with the highest epoch any member reports;
 *   <li>only members of the hash that Lease lets consume, and not held by an explicit pause, get
 *       partitions; if it lets nobody consume (Draining), nobody does;
 *   <li>among them the partitions are spread evenly, and a member keeps what it already owns up to
 *       its share (fewer moves);
 *   <li>cooperative: a partition another member still owns is assigned to nobody this round — its
 *       owner revokes it (committing what it processed) and rejoins, and the next round gives it to
 *       its new owner. This is Kafka's own cooperative rule, and what keeps two colors from ever
 *       holding one partition.
 * </ol>
 */
final class AssignmentPlan {

  /** One member's subscription, reduced to what the rule needs. */
  record Member(
      String id,
      Set<String> topics,
      Optional<MemberLease> lease,
      List<TopicPartition> owned,
      int generation) {}

  private AssignmentPlan() {}

  /** The Lease that counts: the highest epoch reported (empty when nobody read one). */
  static Optional<MemberLease> winner(List<Member> members) {
    return members.stream()
        .flatMap(m -> m.lease().stream())
        .filter(l -> l.epoch() >= 0)
        .max(Comparator.comparingLong(MemberLease::epoch));
  }

  static Map<String, List<TopicPartition>> assign(
      List<Member> members, Map<String, Integer> partitionsPerTopic, boolean cooperative) {
    Map<String, List<TopicPartition>> result = new TreeMap<>();
    members.forEach(m -> result.put(m.id(), new ArrayList<>()));
    Optional<String> allowed = winner(members).flatMap(MemberLease::allowed);
    List<Member> eligible =
        members.stream()
            .filter(
                m ->
                    allowed.isPresent()
                        && m.lease()
                            .map(l -> l.hash().equals(allowed.get()) && !l.held())
                            .orElse(false))
            .sorted(Comparator.comparing(Member::id))
            .toList();
    Map<TopicPartition, Member> owners = owners(members);
    List<TopicPartition> all = partitions(members, partitionsPerTopic);
    if (eligible.isEmpty() || all.isEmpty()) {
      return result;
    }
    // shares: everyone gets floor(n/k); the members that own most get the remainder, one each
    int base = all.size() / eligible.size();
    int extra = all.size() % eligible.size();
    Map<String, Integer> cap = new HashMap<>();
    List<Member> byOwned =
        eligible.stream()
            .sorted(
                Comparator.comparingInt((Member m) -> -ownedCount(m, owners))
                    .thenComparing(Member::id))
            .toList();
    for (int i = 0; i < byOwned.size(); i++) {
      cap.put(byOwned.get(i).id(), base + (i < extra ? 1 : 0));
    }
    List<TopicPartition> free = new ArrayList<>();
    for (TopicPartition tp : all) {
      Member owner = owners.get(tp);
      List<TopicPartition> mine = owner == null ? null : result.get(owner.id());
      boolean keeps =
          owner != null
              && cap.containsKey(owner.id())
              && owner.topics().contains(tp.topic())
              && mine.size() < cap.get(owner.id());
      if (keeps) {
        mine.add(tp);
      } else if (owner == null || !cooperative) {
        free.add(tp);
      }
      // else: cooperative and owned by someone who must give it up first — nobody this round
    }
    for (TopicPartition tp : free) {
      eligible.stream()
          .filter(m -> m.topics().contains(tp.topic()))
          .filter(m -> result.get(m.id()).size() < cap.get(m.id()))
          .min(Comparator.comparingInt((Member m) -> result.get(m.id()).size()))
          .ifPresent(m -> result.get(m.id()).add(tp));
    }
    return result;
  }

  /**
   * Who owns each partition, by the members' own claims; when two claim one (a member that missed a
   * generation), the claim of the later generation counts.
   */
  private static Map<TopicPartition, Member> owners(List<Member> members) {
    Map<TopicPartition, Member> owners = new HashMap<>();
    for (Member m : members) {
      for (TopicPartition tp : m.owned()) {
        owners.merge(tp, m, (a, b) -> b.generation() > a.generation() ? b : a);
      }
    }
    return owners;
  }

  private static int ownedCount(Member m, Map<TopicPartition, Member> owners) {
    return (int) m.owned().stream().filter(tp -> owners.get(tp) == m).count();
  }

  private static List<TopicPartition> partitions(
      List<Member> members, Map<String, Integer> partitionsPerTopic) {
    List<TopicPartition> all = new ArrayList<>();
    members.stream()
        .flatMap(m -> m.topics().stream())
        .distinct()
        .sorted()
        .forEach(
            topic -> {
              for (int p = 0; p < partitionsPerTopic.getOrDefault(topic, 0); p++) {
                all.add(new TopicPartition(topic, p));
              }
            });
    return all;
  }
}
