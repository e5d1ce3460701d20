package io.kafkabluegreen.provider.offsetsync;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkabluegreen.provider.handover.HandoverStrategy;
import io.kafkabluegreen.provider.pauseresume.PauseResumeStrategy;
import io.kafkabluegreen.provider.rollout.ManagedRollout;
import io.kafkabluegreen.provider.rollout.RolloutRef;
import io.kafkabluegreen.provider.rollout.RolloutStatus;
import io.kafkabluegreen.provider.rollout.StrategyName;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which groups strategies C and B consume with and must see empty (docs/design.md §4, §5). */
class StrategyGroupsTest {

  // groupOf and groupsToEmpty read only the Rollout: no pods, Kafka or lifecycle calls are made.
  private final HandoverStrategy pauseResume = new PauseResumeStrategy(null, null, Duration.ZERO);
  private final HandoverStrategy offsetSync =
      new OffsetSyncStrategy(null, null, Duration.ZERO, null, Duration.ZERO, Clock.systemUTC());

  @Test
  void When_pause_resume_Then_every_revision_shares_the_annotated_group() {
    ManagedRollout r = rollout("orders-processor", StrategyName.PAUSE_RESUME);

    assertThat(pauseResume.groupOf(r, "abc")).isEqualTo("orders-processor");
    assertThat(pauseResume.groupsToEmpty(r, "old", "abc")).containsExactly("orders-processor");
  }

  @Test
  void When_offset_sync_Then_each_revision_has_its_own_group_and_both_must_be_empty() {
    ManagedRollout r = rollout("base", StrategyName.OFFSET_SYNC);

    assertThat(offsetSync.groupOf(r, "abc")).isEqualTo("base-abc");
    assertThat(offsetSync.groupsToEmpty(r, "old", "abc")).containsExactly("base-old", "base-abc");
    assertThat(offsetSync.groupsToEmpty(r, "", "abc")).containsExactly("base-abc");
    assertThat(offsetSync.groupsToEmpty(r, "abc", "abc")).containsExactly("base-abc");
  }

  private static ManagedRollout rollout(String group, StrategyName strategy) {
    return new ManagedRollout(
        new RolloutRef("shop", "orders"),
        group,
        "orders-kafka-active",
        8080,
        strategy,
        null,
        Map.of("app", "orders"),
        new RolloutStatus("", "", false, "", ""));
  }
}
