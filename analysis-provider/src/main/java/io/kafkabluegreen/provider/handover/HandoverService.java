package io.kafkabluegreen.provider.handover;

import io.kafkabluegreen.lifecycle.lease.LeasePhase;
import io.kafkabluegreen.lifecycle.lease.LeaseState;
import io.kafkabluegreen.provider.pods.LifecycleClient;
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
 * Hands Kafka consumption of a Rollout over to one revision (design.md §4, strategy B of §5): reads
 * the Lease, decides what is left to do, and drives {@link Switchover} and {@link Activation}. The
 * state machine is written down in {@code provider/handover/DESIGN.md}.
 *
 * <p>Idempotent: asking again for the hash that already holds the Lease and owns the group answers
 * Active at once; a Lease left Draining by a provider that died is completed (same target) or, once
 * stale, rolled back or re-targeted.
 */
public final class HandoverService {

  private static final Logger LOG = LoggerFactory.getLogger(HandoverService.class);

  private final LeaseStore leases;
  private final PodLocator pods;
  private final GroupWaiter waiter;
  private final Activation activation;
  private final Switchover switchover;
  private final HandoverOptions options;
  private final HandoverMetrics metrics;

  public HandoverService(
      LeaseStore leases,
      PodLocator pods,
      LifecycleClient lifecycle,
      GroupReader groups,
      HandoverOptions options,
      HandoverMetrics metrics) {
    this.leases = leases;
    this.pods = pods;
    this.options = options;
    this.metrics = metrics;
    PodCommands commands = new PodCommands(lifecycle);
    this.waiter = new GroupWaiter(groups, options.pollInterval());
    this.activation = new Activation(pods, commands, waiter, options.activateTimeout());
    this.switchover =
        new Switchover(leases, pods, commands, waiter, new OffsetSync(groups), activation, options);
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
      } catch (KubernetesUnavailableException | KafkaUnavailableException e) {
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
    LeaseSnapshot lease = readOrCreate(run);
    for (int attempt = 1; attempt <= options.casAttempts(); attempt++) {
      LeaseState state = lease.state();
      run.lease(state);
      MDC.put("epoch", Long.toString(state.epoch()));
      if (state.holder().equals(target)) {
        if (state.phase() == LeasePhase.ACTIVE) {
          return alreadyHolder(run, lease);
        }
        if (!state.target().isEmpty() && !state.target().equals(target)) {
          refuseIfLive(lease);
        }
        Optional<LeaseSnapshot> restored =
            leases.compareAndSwap(lease, state.next(target, LeasePhase.ACTIVE, ""));
        if (restored.isPresent()) {
          LOG.warn(
              "Read: the Lease was left Draining towards {} with {} still the holder;"
                  + " restored {} as Active",
              state.target(),
              target,
              target);
          run.previous(state.holder());
          run.changed();
          return activation.activate(run, restored.get());
        }
      } else if (state.phase() == LeasePhase.DRAINING && state.target().equals(target)) {
        LOG.info(
            "Read: the Lease is already Draining towards {} (epoch {}); continuing that switch",
            target,
            state.epoch());
        return switchover.run(run, lease);
      } else {
        if (state.phase() == LeasePhase.DRAINING) {
          refuseIfLive(lease);
        }
        Optional<LeaseSnapshot> draining =
            leases.compareAndSwap(lease, state.next(state.holder(), LeasePhase.DRAINING, target));
        if (draining.isPresent()) {
          LOG.info(
              "Read: Lease set Draining from {} towards {}, epoch {}",
              state.holder().isEmpty() ? "no holder" : state.holder(),
              target,
              draining.get().state().epoch());
          return switchover.run(run, draining.get());
        }
      }
      // The compare-and-swap lost a race: read again and decide again.
      lease = read(rollout).orElseGet(() -> readOrCreate(run));
    }
    return run.finish(
        HandoverPhase.FAILED,
        "the Lease changed under every one of "
            + options.casAttempts()
            + " attempts; another actor keeps writing it");
  }

  /** Step 1: the target holds the Lease; done if it owns the group, else resume it. */
  private HandoverResult alreadyHolder(HandoverRun run, LeaseSnapshot lease) {
    ManagedRollout rollout = run.rollout();
    String target = run.target();
    MemberColors colors = activation.colors(rollout, target, lease);
    Optional<String> gap = waiter.ownedNow(rollout.groupOf(target), target, colors);
    if (gap.isEmpty()) {
      return run.finish(HandoverPhase.ACTIVE, null);
    }
    LOG.info("Read: {} holds the Lease but {}; resuming its pods", target, gap.get());
    return activation.activate(run, lease);
  }

  /**
   * A Draining Lease towards another hash that was written recently belongs to a handover under way
   * in another replica: refuse rather than race it. An old one is stuck and is taken over.
   */
  private void refuseIfLive(LeaseSnapshot lease) {
    Instant written = lease.writtenAt().orElse(Instant.EPOCH);
    Duration age = Duration.between(written, Instant.now());
    if (age.compareTo(options.staleDrainAfter()) < 0) {
      throw new HandoverConflictException(
          "a handover towards "
              + lease.state().target()
              + " is under way (Lease "
              + Switchover.describe(lease.state())
              + ", written "
              + Math.max(0, age.toMillis())
              + " ms ago); retry once it ends");
    }
    LOG.warn(
        "Read: the Lease has been Draining towards {} for {} s; taking the stuck switch over",
        lease.state().target(),
        age.toSeconds());
  }

  private LeaseSnapshot readOrCreate(HandoverRun run) {
    ManagedRollout rollout = run.rollout();
    Optional<LeaseSnapshot> lease = read(rollout);
    if (lease.isPresent()) {
      return lease.get();
    }
    // No Lease: create it Draining with no holder, so that nobody may consume until the group is
    // proven empty; the normal switch then flips it to the target.
    LeaseState initial = new LeaseState("", LeasePhase.DRAINING, run.target(), 1, null);
    Optional<LeaseSnapshot> created =
        leases.create(rollout.ref().namespace(), rollout.leaseName(), initial);
    if (created.isPresent()) {
      LOG.info(
          "Read: no Lease {}; created it Draining towards {}", rollout.leaseName(), run.target());
      return created.get();
    }
    return read(rollout)
        .orElseThrow(
            () ->
                new KubernetesUnavailableException(
                    "reading Lease " + rollout.leaseName(),
                    new IllegalStateException("created by someone else, then gone")));
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
