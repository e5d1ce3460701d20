package io.kafkabluegreen.provider.handover;

import io.kafkabluegreen.lifecycle.lease.LeaseState;
import io.kafkabluegreen.lifecycle.lease.LeaseTransition;
import io.kafkabluegreen.provider.pods.PodLocator;
import io.kafkabluegreen.provider.pods.RevisionPod;
import io.kafkabluegreen.provider.rollout.KubernetesUnavailableException;
import io.kafkabluegreen.provider.rollout.ManagedRollout;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Hands Kafka consumption of a Rollout over to one revision (docs/design.md §4): reads the Lease,
 * decides what is left to do by {@link LeaseDecision}'s table, and drives {@link Switchover} and
 * {@link Activation} with the Rollout's {@link HandoverStrategy}. The state machine is written down
 * in {@code provider/handover/DESIGN.md}.
 *
 * <p>Idempotent: asking again for the hash that already holds the Lease and owns the group answers
 * Active at once; a Lease left Draining by a provider that died is completed (same target) or, once
 * stale, rolled back or re-targeted.
 */
public final class HandoverService {

  private static final Logger LOG = LoggerFactory.getLogger(HandoverService.class);

  private final LeaseStore leases;
  private final PodLocator pods;
  private final Strategies strategies;
  private final GroupWaiter waiter;
  private final Activation activation;
  private final Switchover switchover;
  private final HandoverOptions options;
  private final HandoverMetrics metrics;

  public HandoverService(
      LeaseStore leases,
      PodLocator pods,
      Strategies strategies,
      GroupReader groups,
      HandoverOptions options,
      HandoverMetrics metrics) {
    this.leases = leases;
    this.pods = pods;
    this.strategies = strategies;
    this.options = options;
    this.metrics = metrics;
    this.waiter = new GroupWaiter(groups, options.pollInterval());
    this.activation = new Activation(strategies, waiter, options.activateTimeout());
    this.switchover = new Switchover(leases, strategies, waiter, activation, options);
  }

  /**
   * Runs the handover described by {@code run} to its end and records its metrics.
   *
   * @throws HandoverConflictException when another handover of this Rollout, towards another hash,
   *     is under way elsewhere; nothing was changed
   * @throws KubernetesUnavailableException when the Kubernetes API fails before anything was
   *     changed
   * @throws KafkaUnavailableException when Kafka fails before anything was changed
   */
  public HandoverResult run(HandoverRun run) {
    MDC.put("rollout", run.rollout().ref().toString());
    MDC.put("hash", run.target());
    try {
      HandoverResult result;
      try {
        result = decide(run);
      } catch (KubernetesUnavailableException
          | KafkaUnavailableException
          | HandoverStepException e) {
        if (run.untouched()) {
          throw e; // nothing was done: not a measurable result, the caller answers 503
        }
        result = run.finish(HandoverPhase.FAILED, e.getMessage());
      }
      log(result);
      metrics.record(result);
      return result;
    } finally {
      MDC.remove("rollout");
      MDC.remove("hash");
      MDC.remove("epoch");
    }
  }

  private HandoverResult decide(HandoverRun run) {
    ManagedRollout rollout = run.rollout();
    String target = run.target();
    List<RevisionPod> targetPods = pods.revision(rollout, target);
    if (targetPods.stream().noneMatch(RevisionPod::usable)) {
      run.skipped(targetPods);
      return run.finish(
          HandoverPhase.FAILED,
          "revision " + target + " has no Ready pod to hand over to; the Lease was not changed");
    }
    return leases.change(
        rollout,
        read(rollout),
        options.casAttempts(),
        found -> next(run, found),
        () ->
            run.finish(
                HandoverPhase.FAILED,
                "the Lease changed under every one of "
                    + options.casAttempts()
                    + " attempts; another actor keeps writing it"));
  }

  /** One row of {@link LeaseDecision}'s table, carried out. */
  private LeaseChange<HandoverResult> next(HandoverRun run, Optional<LeaseSnapshot> found) {
    String target = run.target();
    if (found.isEmpty()) {
      // No Lease: create it naming nobody, so that nobody may consume until the group is proven
      // empty; the next turn starts the drain towards the target from it.
      LOG.info("Read: no Lease {}; creating it naming nobody", run.rollout().leaseName());
      return new LeaseChange.WriteAndDecide<>(LeaseTransition.CREATE, LeaseTransition.create(""));
    }
    LeaseSnapshot lease = found.get();
    LeaseState state = lease.state();
    run.lease(state);
    MDC.put("epoch", Long.toString(state.epoch()));
    LeaseDecision decision = LeaseDecision.of(state, target, fresh(lease));
    return switch (decision) {
      case ALREADY_HOLDER -> LeaseChange.stop(alreadyHolder(run, lease));
      case REFUSE -> throw conflict(lease);
      case CONTINUE_SWITCH -> {
        LOG.info(
            "Read: the Lease is already Draining towards {} (epoch {}); continuing that switch",
            target,
            state.epoch());
        yield LeaseChange.stop(switchover.run(run, lease));
      }
      case RESTORE_HOLDER ->
          LeaseChange.write(
              LeaseTransition.ROLL_BACK,
              LeaseTransition.ROLL_BACK.apply(state),
              restored -> {
                LOG.warn(
                    "Read: the Lease was left Draining towards {} with {} still the holder;"
                        + " restored {} as Active",
                    state.target(),
                    target,
                    target);
                run.previous(state.holder());
                run.changed();
                return activation.activate(run, restored);
              });
      case RETARGET, START_DRAIN -> {
        if (decision == LeaseDecision.RETARGET) {
          LOG.warn(
              "Read: the Lease has been Draining towards {} for {} ms; taking the stuck switch"
                  + " over",
              state.target(),
              ageMillis(lease));
        }
        LeaseTransition transition = decision.write().orElseThrow();
        yield LeaseChange.write(
            transition,
            transition.apply(state, target),
            draining -> {
              LOG.info(
                  "Read: Lease set Draining from {} towards {}, epoch {}",
                  state.holder().isEmpty() ? "no holder" : state.holder(),
                  target,
                  draining.state().epoch());
              return switchover.run(run, draining);
            });
      }
    };
  }

  /** Step 1: the target holds the Lease; done if it owns the group, else resume it. */
  private HandoverResult alreadyHolder(HandoverRun run, LeaseSnapshot lease) {
    ManagedRollout rollout = run.rollout();
    String target = run.target();
    HandoverStrategy strategy = strategies.of(rollout);
    MemberColors colors = strategy.colors(rollout, target, lease.state());
    Optional<String> gap = waiter.ownedNow(strategy.groupOf(rollout, target), target, colors);
    if (gap.isEmpty()) {
      return run.finish(HandoverPhase.ACTIVE, null);
    }
    LOG.info("Read: {} holds the Lease but {}; resuming its pods", target, gap.get());
    return activation.activate(run, lease);
  }

  /**
   * A Draining Lease written less than {@code staleDrainAfter} ago belongs to a handover under way
   * (here or in another replica); an older one is stuck and may be taken over.
   */
  private boolean fresh(LeaseSnapshot lease) {
    return ageMillis(lease) < options.staleDrainAfter().toMillis();
  }

  private static long ageMillis(LeaseSnapshot lease) {
    Instant written = lease.writtenAt().orElse(Instant.EPOCH);
    return Math.max(0, Duration.between(written, Instant.now()).toMillis());
  }

  private static HandoverConflictException conflict(LeaseSnapshot lease) {
    return new HandoverConflictException(
        "a handover towards "
            + lease.state().target()
            + " is under way (Lease "
            + Switchover.describe(lease.state())
            + ", written "
            + ageMillis(lease)
            + " ms ago); retry once it ends");
  }

  private Optional<LeaseSnapshot> read(ManagedRollout rollout) {
    return leases.read(rollout.ref().namespace(), rollout.leaseName());
  }

  private static void log(HandoverResult result) {
    if (result.phase() == HandoverPhase.ACTIVE && !result.changed()) {
      LOG.debug("Handover: {} already active, nothing to do", result.targetHash());
    } else if (result.phase() == HandoverPhase.ACTIVE) {
      LOG.info(
          "Handover: {} -> {} done in {} ms (drain {}, verify {}, sync {}, activate {})",
          result.previousHash().isEmpty() ? "none" : result.previousHash(),
          result.targetHash(),
          result.durationsMs().total(),
          result.durationsMs().drain(),
          result.durationsMs().verify(),
          result.durationsMs().sync(),
          result.durationsMs().activate());
    } else {
      LOG.warn(
          "Handover to {} failed at {} after {} ms: {}",
          result.targetHash(),
          result.step().wire(),
          result.durationsMs().total(),
          result.reason());
    }
  }
}
