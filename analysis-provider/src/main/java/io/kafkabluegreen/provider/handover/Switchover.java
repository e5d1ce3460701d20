package io.kafkabluegreen.provider.handover;

import io.kafkabluegreen.lifecycle.lease.LeasePhase;
import io.kafkabluegreen.lifecycle.lease.LeaseState;
import io.kafkabluegreen.provider.pods.PodCall;
import io.kafkabluegreen.provider.pods.PodLocator;
import io.kafkabluegreen.provider.pods.RevisionPod;
import io.kafkabluegreen.provider.rollout.HandoverStrategy;
import io.kafkabluegreen.provider.rollout.KubernetesUnavailableException;
import io.kafkabluegreen.provider.rollout.ManagedRollout;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Steps 3 to 5 of design.md §4, from a Lease that is Draining towards the target: pause the other
 * revisions' pods, prove with Kafka that the group is empty, (strategy B) copy the committed
 * offsets, flip the Lease to the target. Any failure before the flip rolls back: the previous
 * holder is restored as Active and its pods resumed. The target is never resumed before the group
 * was seen empty.
 */
final class Switchover {

  private static final Logger LOG = LoggerFactory.getLogger(Switchover.class);

  private final LeaseStore leases;
  private final PodLocator pods;
  private final PodCommands commands;
  private final GroupWaiter waiter;
  private final OffsetSync offsets;
  private final Activation activation;
  private final HandoverOptions options;

  Switchover(
      LeaseStore leases,
      PodLocator pods,
      PodCommands commands,
      GroupWaiter waiter,
      OffsetSync offsets,
      Activation activation,
      HandoverOptions options) {
    this.leases = leases;
    this.pods = pods;
    this.commands = commands;
    this.waiter = waiter;
    this.offsets = offsets;
    this.activation = activation;
    this.options = options;
  }

  HandoverResult run(HandoverRun run, LeaseSnapshot draining) {
    String previous = draining.state().holder();
    run.previous(previous);
    run.lease(draining.state());
    run.changed();
    MDC.put("epoch", Long.toString(draining.state().epoch()));
    Optional<String> failure;
    try {
      failure = drainAndVerify(run, draining);
    } catch (KubernetesUnavailableException | KafkaUnavailableException e) {
      failure = Optional.of(e.getMessage());
    }
    if (failure.isPresent()) {
      return rollback(run, draining, failure.get());
    }
    return flip(run, draining);
  }

  /** Steps 3, 4 and (strategy B) the offset copy; answers why the flip may not happen, if so. */
  private Optional<String> drainAndVerify(HandoverRun run, LeaseSnapshot draining) {
    String previous = draining.state().holder();
    ManagedRollout rollout = run.rollout();
    String target = run.target();
    run.step(HandoverStep.DRAIN);
    long start = System.nanoTime();
    List<RevisionPod> old = pods.allBut(rollout, target, previous);
    run.skipped(old);
    List<PodCall> paused = commands.pause(old, options.drainTimeout());
    run.called("pause", paused);
    long drainMillis = millisSince(start);
    run.took(HandoverStep.DRAIN, drainMillis);
    long confirmed = paused.stream().filter(PodCall::confirmed).count();
    LOG.info(
        "Drain: {} of {} pods of other revisions confirmed the pause in {} ms",
        confirmed,
        old.size(),
        drainMillis);

    run.step(HandoverStep.VERIFY);
    start = System.nanoTime();
    List<String> groups = groupsToEmpty(rollout, previous, target);
    Optional<String> left =
        waiter.awaitEmpty(groups, options.verifyTimeout(), flippedElsewhere(run, draining));
    long verifyMillis = millisSince(start);
    run.took(HandoverStep.VERIFY, verifyMillis);
    if (left.isPresent()) {
      LOG.warn("Verify: not empty after {} ms: {}", verifyMillis, left.get());
      return Optional.of(
          "verify: " + left.get() + " after " + verifyMillis + " ms" + unconfirmed(paused));
    }
    LOG.info("Verify: group(s) {} empty after {} ms", groups, verifyMillis);

    if (rollout.strategy() == HandoverStrategy.OFFSET_SYNC
        && !previous.isEmpty()
        && !previous.equals(target)) {
      run.step(HandoverStep.SYNC);
      start = System.nanoTime();
      int copied = offsets.mirror(rollout.groupOf(previous), rollout.groupOf(target));
      long syncMillis = millisSince(start);
      run.took(HandoverStep.SYNC, syncMillis);
      LOG.info(
          "Sync: {} committed offsets copied from {} to {} in {} ms",
          copied,
          rollout.groupOf(previous),
          rollout.groupOf(target),
          syncMillis);
    }
    return Optional.empty();
  }

  /**
   * True when the members left are all of the target and the Lease already lets the target consume:
   * another provider ran the same switch and flipped first (the target's pods only join when the
   * Lease allows them). Waiting for an empty group would then only end in a needless failure; the
   * flip that follows loses its compare-and-swap, re-reads and goes on to activation.
   */
  private Predicate<List<GroupMember>> flippedElsewhere(HandoverRun run, LeaseSnapshot draining) {
    String target = run.target();
    MemberColors[] colors = new MemberColors[1];
    return members -> {
      if (colors[0] == null) {
        colors[0] = activation.colors(run.rollout(), target, draining);
      }
      boolean onlyTarget =
          members.stream().allMatch(m -> colors[0].colorOf(m).map(target::equals).orElse(false));
      return onlyTarget && read(run).map(l -> l.state().allowsConsumption(target)).orElse(false);
    };
  }

  /** Step 5: CAS holder=target, phase=Active; a lost CAS is re-read and decided again. */
  private HandoverResult flip(HandoverRun run, LeaseSnapshot draining) {
    run.step(HandoverStep.FLIP);
    String target = run.target();
    LeaseSnapshot current = draining;
    for (int attempt = 1; attempt <= options.casAttempts(); attempt++) {
      Optional<LeaseSnapshot> flipped =
          leases.compareAndSwap(current, current.state().next(target, LeasePhase.ACTIVE, ""));
      if (flipped.isPresent()) {
        LOG.info(
            "Flip: {} holds the Lease as Active, epoch {}", target, flipped.get().state().epoch());
        return activation.activate(run, flipped.get());
      }
      Optional<LeaseSnapshot> reread = read(run);
      if (reread.isEmpty()) {
        return run.finish(
            HandoverPhase.FAILED,
            "the Lease was deleted during the switch; " + target + " not resumed");
      }
      current = reread.get();
      LeaseState now = current.state();
      run.lease(now);
      if (now.allowsConsumption(target)) {
        LOG.info("Flip: another provider flipped the Lease to {} already", target);
        return activation.activate(run, current);
      }
      if (!sameState(now, draining.state())) {
        return run.finish(
            HandoverPhase.FAILED,
            "the Lease was changed by another actor during the switch (now "
                + describe(now)
                + "); "
                + target
                + " not resumed");
      }
      // Only metadata changed (same holder, phase, target and epoch): the group proof still holds.
    }
    return run.finish(
        HandoverPhase.FAILED,
        "the Lease flip lost "
            + options.casAttempts()
            + " compare-and-swaps in a row; it stays Draining towards "
            + target
            + " for the next run");
  }

  /** Restores the previous holder as Active and resumes its pods; always reports Failed. */
  private HandoverResult rollback(HandoverRun run, LeaseSnapshot draining, String reason) {
    run.step(HandoverStep.ROLLBACK);
    String previous = draining.state().holder();
    String target = run.target();
    try {
      LeaseSnapshot current = draining;
      for (int attempt = 1; attempt <= options.casAttempts(); attempt++) {
        LeaseState now = current.state();
        if (now.allowsConsumption(target)) {
          return run.finish(
              HandoverPhase.FAILED,
              reason + "; meanwhile another provider completed the switch to " + target);
        }
        if (!(now.phase() == LeasePhase.DRAINING
            && now.target().equals(target)
            && now.holder().equals(previous))) {
          return run.finish(
              HandoverPhase.FAILED,
              reason
                  + "; the Lease was changed by another actor ("
                  + describe(now)
                  + "), not rolled back");
        }
        Optional<LeaseSnapshot> restored =
            leases.compareAndSwap(current, now.next(previous, LeasePhase.ACTIVE, ""));
        if (restored.isPresent()) {
          run.lease(restored.get().state());
          MDC.put("epoch", Long.toString(restored.get().state().epoch()));
          List<PodCall> resumed =
              previous.isEmpty()
                  ? List.of()
                  : commands.resume(pods.revision(run.rollout(), previous));
          run.called("resume", resumed);
          LOG.warn(
              "Rollback: {} restored as Active (epoch {}), {} pods resumed; reason: {}",
              previous.isEmpty() ? "no holder" : previous,
              restored.get().state().epoch(),
              resumed.stream().filter(PodCall::confirmed).count(),
              reason);
          return run.finish(HandoverPhase.FAILED, reason);
        }
        Optional<LeaseSnapshot> reread = read(run);
        if (reread.isEmpty()) {
          return run.finish(
              HandoverPhase.FAILED, reason + "; the Lease was deleted, nothing restored");
        }
        current = reread.get();
      }
      return run.finish(
          HandoverPhase.FAILED,
          reason
              + "; the rollback lost every compare-and-swap, the Lease stays Draining for the next run");
    } catch (KubernetesUnavailableException e) {
      LOG.error(
          "Rollback failed, the Lease stays Draining (nobody consumes) until the next run", e);
      return run.finish(
          HandoverPhase.FAILED,
          reason
              + "; rollback failed ("
              + e.getMessage()
              + "), the Lease stays Draining until the next run completes or rolls it back");
    }
  }

  private Optional<LeaseSnapshot> read(HandoverRun run) {
    ManagedRollout rollout = run.rollout();
    return leases.read(rollout.ref().namespace(), rollout.leaseName());
  }

  /** The groups that must be empty: the shared one, or both revisions' groups (strategy B). */
  private static List<String> groupsToEmpty(
      ManagedRollout rollout, String previous, String target) {
    List<String> groups = new ArrayList<>();
    if (rollout.strategy() == HandoverStrategy.OFFSET_SYNC && !previous.isEmpty()) {
      groups.add(rollout.groupOf(previous));
    }
    if (!groups.contains(rollout.groupOf(target))) {
      groups.add(rollout.groupOf(target));
    }
    return groups;
  }

  private static boolean sameState(LeaseState a, LeaseState b) {
    return a.holder().equals(b.holder())
        && a.phase() == b.phase()
        && a.target().equals(b.target())
        && a.epoch() == b.epoch();
  }

  static String describe(LeaseState state) {
    return "holder="
        + (state.holder().isEmpty() ? "none" : state.holder())
        + " phase="
        + state.phase().wire()
        + (state.target().isEmpty() ? "" : " target=" + state.target())
        + " epoch="
        + state.epoch();
  }

  private static String unconfirmed(List<PodCall> paused) {
    List<String> notes =
        paused.stream()
            .filter(c -> !c.confirmed())
            .map(c -> c.pod().name() + " (" + c.error().orElse("") + ")")
            .toList();
    return notes.isEmpty() ? "" : "; pods that did not confirm the pause: " + notes;
  }

  private static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
