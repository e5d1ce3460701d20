package io.kafkabluegreen.provider.offsetsync;

import io.kafkabluegreen.lifecycle.lease.LeaseState;
import io.kafkabluegreen.provider.handover.GroupReader;
import io.kafkabluegreen.provider.handover.HandoverRun;
import io.kafkabluegreen.provider.pauseresume.PauseResumeStrategy;
import io.kafkabluegreen.provider.pods.PodCommands;
import io.kafkabluegreen.provider.pods.PodLocator;
import io.kafkabluegreen.provider.rollout.ManagedRollout;
import io.kafkabluegreen.provider.rollout.StrategyName;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Strategy B (docs/design.md §5): the pods are paused and resumed as in strategy C, but each
 * revision consumes with its own group {@code <base>-<hash>}; while both groups are proven empty,
 * the old group's committed offsets are mirrored onto the new one. Groups of revisions long gone
 * are deleted by {@link RevisionGroupCleaner}.
 */
public final class OffsetSyncStrategy extends PauseResumeStrategy {

  private final OffsetMirror mirror;
  private final RevisionGroupCleaner cleaner;

  public OffsetSyncStrategy(
      PodLocator pods,
      PodCommands commands,
      Duration drainTimeout,
      GroupReader groups,
      Duration groupRetention,
      Clock clock) {
    super(pods, commands, drainTimeout);
    this.mirror = new OffsetMirror(groups);
    this.cleaner = new RevisionGroupCleaner(groups, pods, groupRetention, clock);
  }

  @Override
  public StrategyName name() {
    return StrategyName.OFFSET_SYNC;
  }

  @Override
  public String groupOf(ManagedRollout rollout, String hash) {
    return groupName(rollout, hash);
  }

  static String groupName(ManagedRollout rollout, String hash) {
    return rollout.consumerGroup() + "-" + hash;
  }

  /** Both revisions' groups: the copy is only legal when neither has a member. */
  @Override
  public List<String> groupsToEmpty(ManagedRollout rollout, String previous, String target) {
    List<String> groups = new ArrayList<>();
    if (!previous.isEmpty()) {
      groups.add(groupOf(rollout, previous));
    }
    if (!groups.contains(groupOf(rollout, target))) {
      groups.add(groupOf(rollout, target));
    }
    return groups;
  }

  @Override
  public OptionalInt copy(HandoverRun run, String previous) {
    ManagedRollout rollout = run.rollout();
    return OptionalInt.of(
        mirror.mirror(groupOf(rollout, previous), groupOf(rollout, run.target())));
  }

  @Override
  public void cleanUp(ManagedRollout rollout, LeaseState lease) {
    cleaner.clean(rollout, lease);
  }
}
