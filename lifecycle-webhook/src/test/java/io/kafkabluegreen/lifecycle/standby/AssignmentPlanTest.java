package io.kafkabluegreen.lifecycle.standby;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkabluegreen.lifecycle.standby.AssignmentPlan.Member;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The standby assignment rule, case by case (DESIGN.md, "Standby membership"). */
class AssignmentPlanTest {

  private static final String T = "orders";
  private static final Map<String, Integer> SIX = Map.of(T, 6);

  private static Member member(String id, MemberLease lease, int... owned) {
    List<TopicPartition> partitions = new ArrayList<>();
    Arrays.stream(owned).forEach(p -> partitions.add(new TopicPartition(T, p)));
    return new Member(id, Set.of(T), Optional.ofNullable(lease), partitions, 1);
  }

  private static MemberLease sees(String hash, long epoch, String holder, boolean active) {
    return new MemberLease(hash, epoch, holder, active, false);
  }

  /** Name, members, cooperative, and how many partitions each member id gets. */
  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(
            "the holder's members share every partition, the standby color gets none",
            List.of(
                member("b0", sees("blue", 3, "blue", true)),
                member("b1", sees("blue", 3, "blue", true)),
                member("g0", sees("green", 3, "blue", true))),
            false,
            Map.of("b0", 3, "b1", 3, "g0", 0)),
        Arguments.of(
            "Draining: nobody gets anything",
            List.of(
                member("b0", sees("blue", 4, "blue", false), 0, 1, 2),
                member("g0", sees("green", 4, "blue", false))),
            false,
            Map.of("b0", 0, "g0", 0)),
        Arguments.of(
            "the highest epoch wins over a member's stale view of its own color",
            List.of(
                member("b0", sees("blue", 3, "blue", true)),
                member("g0", sees("green", 5, "green", true))),
            false,
            Map.of("b0", 0, "g0", 6)),
        Arguments.of(
            "a stale Draining view cannot undo a newer Active one",
            List.of(
                member("b0", sees("blue", 4, "blue", false)),
                member("g0", sees("green", 5, "green", true)),
                member("g1", sees("green", 4, "blue", false))),
            false,
            Map.of("b0", 0, "g0", 3, "g1", 3)),
        Arguments.of(
            "a member held by an explicit pause gets nothing; its peers take its share",
            List.of(
                member("b0", new MemberLease("blue", 3, "blue", true, true)),
                member("b1", sees("blue", 3, "blue", true))),
            false,
            Map.of("b0", 0, "b1", 6)),
        Arguments.of(
            "a member that read no Lease yet and sends nothing gets nothing",
            List.of(member("b0", sees("blue", 3, "blue", true)), member("x", null)),
            false,
            Map.of("b0", 6, "x", 0)),
        Arguments.of(
            "nobody read a Lease: nobody consumes",
            List.of(member("b0", null), member("g0", sees("green", -1, "", false))),
            false,
            Map.of("b0", 0, "g0", 0)),
        Arguments.of(
            "eager: partitions the old color still claims go to the new one at once",
            List.of(
                member("b0", sees("blue", 5, "green", true), 0, 1, 2, 3, 4, 5),
                member("g0", sees("green", 5, "green", true))),
            false,
            Map.of("b0", 0, "g0", 6)),
        Arguments.of(
            "cooperative: a partition another member still owns is assigned to nobody this round",
            List.of(
                member("b0", sees("blue", 5, "green", true), 0, 1, 2, 3),
                member("g0", sees("green", 5, "green", true))),
            true,
            Map.of("b0", 0, "g0", 2)),
        Arguments.of(
            "cooperative: an allowed member keeps what it owns up to its share",
            List.of(
                member("g0", sees("green", 5, "green", true), 0, 1, 2, 3, 4, 5),
                member("g1", sees("green", 5, "green", true))),
            true,
            Map.of("g0", 3, "g1", 0)),
        Arguments.of(
            "uneven: seven partitions over three members is 3, 2, 2",
            List.of(
                member("g0", sees("green", 2, "green", true)),
                member("g1", sees("green", 2, "green", true)),
                member("g2", sees("green", 2, "green", true))),
            false,
            Map.of("g0", 3, "g1", 2, "g2", 2)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void assigns(String name, List<Member> members, boolean cooperative, Map<String, Integer> want) {
    Map<String, Integer> partitions = name.startsWith("uneven") ? Map.of(T, 7) : SIX;
    Map<String, List<TopicPartition>> got = AssignmentPlan.assign(members, partitions, cooperative);

    Map<String, Integer> counts = new java.util.TreeMap<>();
    got.forEach((id, list) -> counts.put(id, list.size()));
    assertThat(counts).isEqualTo(want);
    Set<TopicPartition> seen = new HashSet<>();
    got.values().forEach(list -> list.forEach(tp -> assertThat(seen.add(tp)).as("once").isTrue()));
  }

  @Test
  void cooperative_never_gives_a_partition_owned_by_one_member_to_another() {
    List<Member> members =
        List.of(
            member("g0", sees("green", 7, "green", true), 0, 1, 2, 3, 4),
            member("g1", sees("green", 7, "green", true), 5),
            member("g2", sees("green", 7, "green", true)));

    Map<String, List<TopicPartition>> got = AssignmentPlan.assign(members, SIX, true);

    for (Member m : members) {
      for (TopicPartition tp : got.get(m.id())) {
        members.stream()
            .filter(o -> o != m)
            .forEach(o -> assertThat(o.owned()).as(tp + " owned by " + o.id()).doesNotContain(tp));
      }
    }
    assertThat(got.get("g0")).hasSize(2).isSubsetOf(members.get(0).owned());
    assertThat(got.get("g1")).containsExactly(new TopicPartition(T, 5));
  }

  @Test
  void a_claim_of_a_later_generation_counts_when_two_members_claim_one_partition() {
    Member stale =
        new Member(
            "g0",
            Set.of(T),
            Optional.of(sees("green", 7, "green", true)),
            List.of(new TopicPartition(T, 0)),
            1);
    Member fresh =
        new Member(
            "g1",
            Set.of(T),
            Optional.of(sees("green", 7, "green", true)),
            List.of(new TopicPartition(T, 0)),
            2);

    Map<String, List<TopicPartition>> got = AssignmentPlan.assign(List.of(stale, fresh), SIX, true);

    assertThat(got.get("g1")).contains(new TopicPartition(T, 0));
    assertThat(got.get("g0")).doesNotContain(new TopicPartition(T, 0));
  }
}
