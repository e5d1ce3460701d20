package io.kafkabluegreen.provider.offsetsync;

import io.kafkabluegreen.lifecycle.lease.LeaseState;
import io.kafkabluegreen.provider.handover.GroupReader;
import io.kafkabluegreen.provider.pods.PodLocator;
import io.kafkabluegreen.provider.pods.RevisionPod;
import io.kafkabluegreen.provider.rollout.ManagedRollout;
import io.kafkabluegreen.provider.rollout.RolloutRef;
import io.kafkabluegreen.provider.rollout.RolloutStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Strategy B keeps one group per revision ({@code <base>-<hash>}); this deletes the groups of
 * revisions that are gone, once they have been gone for the retention and the Rollout is Healthy
 * (docs/design.md §5). Only groups of hashes this provider has seen as revisions of the Rollout are
 * ever deleted, so that a group that merely shares the base name is never touched; after a provider
 * restart, revisions that vanished before it are therefore left alone (a leak, never a loss).
 */
final class RevisionGroupCleaner {

  private static final Logger LOG = LoggerFactory.getLogger(RevisionGroupCleaner.class);

  private final GroupReader groups;
  private final PodLocator pods;
  private final Duration retention;
  private final Clock clock;
  private final Map<RolloutRef, Set<String>> seen = new ConcurrentHashMap<>();
  private final Map<String, Instant> goneSince = new ConcurrentHashMap<>();

  RevisionGroupCleaner(GroupReader groups, PodLocator pods, Duration retention, Clock clock) {
    this.groups = groups;
    this.pods = pods;
    this.retention = retention;
    this.clock = clock;
  }

  /**
   * Looks at one offset-sync Rollout; deletes what is due. Called through the strategy's {@code
   * cleanUp} by the leader on every reconcile.
   */
  void clean(ManagedRollout rollout, LeaseState lease) {
    Set<String> live = liveHashes(rollout, lease);
    Set<String> known = seen.computeIfAbsent(rollout.ref(), ref -> ConcurrentHashMap.newKeySet());
    known.addAll(live);
    live.forEach(hash -> goneSince.remove(OffsetSyncStrategy.groupName(rollout, hash)));
    Instant now = clock.instant();
    for (String hash : Set.copyOf(known)) {
      if (live.contains(hash)) {
        continue;
      }
      String group = OffsetSyncStrategy.groupName(rollout, hash);
      Instant since = goneSince.computeIfAbsent(group, g -> now);
      boolean due = Duration.between(since, now).compareTo(retention) >= 0;
      if (due && "Healthy".equals(rollout.status().phase()) && groups.describe(group).empty()) {
        if (groups.deleteGroup(group)) {
          LOG.info(
              "Deleted group {} of revision {}, gone since {} (retention {})",
              group,
              hash,
              since,
              retention);
          known.remove(hash);
          goneSince.remove(group);
        }
      }
    }
  }

  private Set<String> liveHashes(ManagedRollout rollout, LeaseState lease) {
    Set<String> live = new HashSet<>();
    for (RevisionPod pod : pods.all(rollout)) {
      live.add(pod.hash());
    }
    RolloutStatus status = rollout.status();
    live.add(status.stableHash());
    live.add(status.activeSelector());
    live.add(status.currentHash());
    live.add(lease.holder());
    live.add(lease.target());
    live.remove("");
    return live;
  }
}
