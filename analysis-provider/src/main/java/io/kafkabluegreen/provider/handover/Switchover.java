package io.kafkabluegreen.provider.handover;

import io.kafkabluegreen.lifecycle.lease.LeasePhase;
import io.kafkabluegreen.lifecycle.lease.LeaseState;
import io.kafkabluegreen.lifecycle.lease.LeaseTransition;
import io.kafkabluegreen.provider.rollout.KubernetesUnavailableException;
import io.kafkabluegreen.provider.rollout.ManagedRollout;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Steps 3 to 5 of docs/design.md §4, from a Lease that is Draining towards the target: the strategy
 * stops the other revisions, Kafka proves their groups empty, the strategy copies what it copies,
 * the Lease flips to the target. Any failure before the flip rolls back: the previous holder is
 * restored as Active and its side restarted. The target is never started before the groups were
 * seen empty. Which groups, and how stopping, copying and starting are done, is the {@link
 * HandoverStrategy}'s.
 */
final class Switchover {

  private static final Logger LOG = LoggerFactory.getLogger(Switchover.class);

  private final LeaseStore leases;
  private final Strategies strategies;
  private final GroupWaiter waiter;
  private final Activation activation;
  private final HandoverOptions options;

  Switchover(
      LeaseStore leases,
      Strategies strategies,
      GroupWaiter waiter,
      Activation activation,
      HandoverOptions options) {
    this.leases = leases;
    this.strategies = strategies;
    this.waiter = waiter;
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
    } catch (KubernetesUnavailableException | KafkaUnavailableException | HandoverStepException e) {
      failure = Optional.of(e.getMessage());
    }
    if (failure.isPresent()) {
      return rollback(run, draining, failure.get());
    }
    return flip(run, draining);
  }

  /** Steps 3, 4 and the strategy's copy; answers why the flip may not happen, if so. */
  private Optional<String> drainAndVerify(HandoverRun run, LeaseSnapshot draining) {
    String previous = draining.state().holder();
    ManagedRollout rollout = run.rollout();
    HandoverStrategy strategy = strategies.of(rollout);
    String target = run.target();
    run.step(HandoverStep.DRAIN);
    long start = System.nanoTime();
    strategy.stopOthers(run, previous);
    long drainMillis = millisSince(start);
    run.took(HandoverStep.DRAIN, drainMillis);
    LOG.info("Drain: {} in {} ms", run.stopSummary(), drainMillis);

    run.step(HandoverStep.VERIFY);
    start = System.nanoTime();
    Optional<String> stopped = strategy.awaitStopped(run, previous, options.verifyTimeout());
    List<String> groups = strategy.groupsToEmpty(rollout, previous, target);
    Duration left = options.verifyTimeout().minusMillis(millisSince(start));
    Optional<String> held;
    if (stopped.isPresent()) {
      held = stopped;
    } else if (strategy.membersMayStay()) {
      held =
          waiter.awaitReleased(
              groups,
              target,
              strategy.colors(rollout, target, draining.state()),
              run.releasedPods(),
              left,
              flippedElsewhere(run, draining, strategy));
    } else {
      held = waiter.awaitEmpty(groups, left, flippedElsewhere(run, draining, strategy));
    }
    long verifyMillis = millisSince(start);
    run.took(HandoverStep.VERIFY, verifyMillis);
    if (held.isPresent()) {
      LOG.warn("Verify: not stopped after {} ms: {}", verifyMillis, held.get());
      return Optional.of(
          "verify: " + held.get() + " after " + verifyMillis + " ms" + run.unconfirmedSummary());
    }
    LOG.info(
        "Verify: group(s) {} {} after {} ms",
        groups,
        strategy.membersMayStay() ? "released" : "empty",
        verifyMillis);

    if (!previous.isEmpty() && !previous.equals(target)) {
      run.step(HandoverStep.SYNC);
      start = System.nanoTime();
      OptionalInt copied = strategy.copy(run, previous);
      if (copied.isPresent()) {
        long syncMillis = millisSince(start);
        run.took(HandoverStep.SYNC, syncMillis);
        LOG.info(
            // revisions, not groups: a strategy may have to ask a remote side for a group's name
            "Sync: {} committed offsets copied from revision {} to {} in {} ms",
            copied.getAsInt(),
            previous,
            target,
            syncMillis);
      }
    }
    return Optional.empty();
  }

  /**
   * True when the members left are all of the target and the Lease already lets the target consume:
   * another provider ran the same switch and flipped first (the target's pods only join when the
   * Lease allows them). Waiting for an empty group would then only end in a needless failure; the
   * flip that follows loses its compare-and-swap, re-reads and goes on to activation.
   */
  private Predicate<List<GroupMember>> flippedElsewhere(
      HandoverRun run, LeaseSnapshot draining, HandoverStrategy strategy) {
    String target = run.target();
    MemberColors[] colors = new MemberColors[1];
    return members -> {
      if (colors[0] == null) {
        colors[0] = strategy.colors(run.rollout(), target, draining.state());
      }
      boolean onlyTarget =
          members.stream().allMatch(m -> colors[0].colorOf(m).map(target::equals).orElse(false));
      return onlyTarget && read(run).map(l -> l.state().allowsConsumption(target)).orElse(false);
    };
  }

  /**
   * Step 5: {@link LeaseTransition#FLIP}. A lost race is re-read: already the target's (another
   * provider flipped) → activate; only metadata changed (same holder, phase, target and epoch, so
   * the proof still holds) → flip again; anything else → Failed, the target not started.
   */
  private HandoverResult flip(HandoverRun run, LeaseSnapshot draining) {
    run.step(HandoverStep.FLIP);
    String target = run.target();
    ManagedRollout rollout = run.rollout();
    return leases.change(
        rollout,
        Optional.of(draining),
        options.casAttempts(),
        found -> {
          if (found.isEmpty()) {
            return LeaseChange.stop(
                run.finish(
                    HandoverPhase.FAILED,
                    "the Lease was deleted during the switch; " + target + " not started"));
          }
          LeaseState now = found.get().state();
          run.lease(now);
          if (now.allowsConsumption(target)) {
            LOG.info("Flip: another provider flipped the Lease to {} already", target);
            return LeaseChange.stop(activation.activate(run, found.get()));
          }
          if (!sameState(now, draining.state())) {
            return LeaseChange.stop(
                run.finish(
                    HandoverPhase.FAILED,
                    "the Lease was changed by another actor during the switch (now "
                        + describe(now)
                        + "); "
                        + target
                        + " not started"));
          }
          return LeaseChange.write(
              LeaseTransition.FLIP,
              LeaseTransition.FLIP.apply(now),
              flipped -> {
                LOG.info(
                    "Flip: {} holds the Lease as Active, epoch {}",
                    target,
                    flipped.state().epoch());
                return activation.activate(run, flipped);
              });
        },
        () ->
            run.finish(
                HandoverPhase.FAILED,
                "the Lease flip lost "
                    + options.casAttempts()
                    + " compare-and-swaps in a row; it stays Draining towards "
                    + target
                    + " for the next run"));
  }

  /**
   * {@link LeaseTransition#ROLL_BACK}: restores the previous holder as Active and restarts its
   * side; always reports Failed. Left alone when another provider completed the switch or another
   * actor changed the Lease meanwhile.
   */
  private HandoverResult rollback(HandoverRun run, LeaseSnapshot draining, String reason) {
    run.step(HandoverStep.ROLLBACK);
    String previous = draining.state().holder();
    String target = run.target();
    ManagedRollout rollout = run.rollout();
    try {
      return leases.change(
          rollout,
          Optional.of(draining),
          options.casAttempts(),
          found -> {
            if (found.isEmpty()) {
              return LeaseChange.stop(
                  run.finish(
                      HandoverPhase.FAILED, reason + "; the Lease was deleted, nothing restored"));
            }
            LeaseState now = found.get().state();
            if (now.allowsConsumption(target)) {
              return LeaseChange.stop(
                  run.finish(
                      HandoverPhase.FAILED,
                      reason + "; meanwhile another provider completed the switch to " + target));
            }
            if (!(now.phase() == LeasePhase.DRAINING
                && now.target().equals(target)
                && now.holder().equals(previous))) {
              return LeaseChange.stop(
                  run.finish(
                      HandoverPhase.FAILED,
                      reason
                          + "; the Lease was changed by another actor ("
                          + describe(now)
                          + "), not rolled back"));
            }
            return LeaseChange.write(
                LeaseTransition.ROLL_BACK,
                LeaseTransition.ROLL_BACK.apply(now),
                restored -> restarted(run, restored, previous, reason));
          },
          () ->
              run.finish(
                  HandoverPhase.FAILED,
                  reason
                      + "; the rollback lost every compare-and-swap, the Lease stays Draining for"
                      + " the next run"));
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

  private HandoverResult restarted(
      HandoverRun run, LeaseSnapshot restored, String previous, String reason) {
    run.lease(restored.state());
    MDC.put("epoch", Long.toString(restored.state().epoch()));
    if (!previous.isEmpty()) {
      try {
        strategies.of(run.rollout()).restart(run, previous);
      } catch (KafkaUnavailableException | HandoverStepException e) {
        // The Lease names the previous holder again; its side obeys the Lease on its own (pods)
        // or is restarted by the next run (connectors). Report it with the reason.
        reason = reason + "; restarting " + previous + " failed: " + e.getMessage();
      }
    }
    LOG.warn(
        "Rollback: {} restored as Active (epoch {}), {}; reason: {}",
        previous.isEmpty() ? "no holder" : previous,
        restored.state().epoch(),
        run.startSummary(),
        reason);
    return run.finish(HandoverPhase.FAILED, reason);
  }

  private Optional<LeaseSnapshot> read(HandoverRun run) {
    ManagedRollout rollout = run.rollout();
    return leases.read(rollout.ref().namespace(), rollout.leaseName());
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

  private static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
