package io.kafkabluegreen.provider.handover;

import io.kafkabluegreen.provider.pods.PodCall;
import io.kafkabluegreen.provider.pods.PodLocator;
import io.kafkabluegreen.provider.pods.RevisionPod;
import io.kafkabluegreen.provider.rollout.ManagedRollout;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Step 6 of design.md §4: once the target holds the Lease as Active, resume its pods and wait until
 * they own every partition of the group. A failure here does not roll back: the Lease already names
 * the target, and whether to go back is the Rollout's decision (its analysis fails, Argo aborts,
 * the watcher follows).
 */
final class Activation {

  private static final Logger LOG = LoggerFactory.getLogger(Activation.class);

  private final PodLocator pods;
  private final PodCommands commands;
  private final GroupWaiter waiter;
  private final Duration timeout;

  Activation(PodLocator pods, PodCommands commands, GroupWaiter waiter, Duration timeout) {
    this.pods = pods;
    this.commands = commands;
    this.waiter = waiter;
    this.timeout = timeout;
  }

  HandoverResult activate(HandoverRun run, LeaseSnapshot lease) {
    ManagedRollout rollout = run.rollout();
    String target = run.target();
    run.step(HandoverStep.ACTIVATE);
    run.lease(lease.state());
    MDC.put("epoch", Long.toString(lease.state().epoch()));
    long start = System.nanoTime();
    List<RevisionPod> targetPods = pods.revision(rollout, target);
    run.skipped(targetPods);
    List<PodCall> resumed = commands.resume(targetPods);
    run.called("resume", resumed);
    MemberColors colors = colors(rollout, target, lease);
    Optional<String> gap = waiter.awaitOwned(rollout.groupOf(target), target, colors, timeout);
    long millis = (System.nanoTime() - start) / 1_000_000;
    run.took(HandoverStep.ACTIVATE, millis);
    if (gap.isPresent()) {
      LOG.warn(
          "Activate: revision {} does not own group {} after {} ms: {}",
          target,
          rollout.groupOf(target),
          millis,
          gap.get());
      return run.finish(
          HandoverPhase.FAILED,
          "activate: "
              + gap.get()
              + " after "
              + millis
              + " ms; the Lease stays with "
              + target
              + " (the Rollout decides whether to go back)");
    }
    LOG.info(
        "Activate: {} of {} pods of {} resumed; they own group {} after {} ms",
        resumed.stream().filter(PodCall::confirmed).count(),
        targetPods.size(),
        target,
        rollout.groupOf(target),
        millis);
    return run.finish(HandoverPhase.ACTIVE, null);
  }

  /** Attributes members to colors using every hash and pod this Rollout is known to have. */
  MemberColors colors(ManagedRollout rollout, String target, LeaseSnapshot lease) {
    List<RevisionPod> all = pods.all(rollout);
    Set<String> hashes = new HashSet<>();
    hashes.add(target);
    hashes.add(lease.state().holder());
    hashes.add(lease.state().target());
    all.forEach(p -> hashes.add(p.hash()));
    List<RevisionPod> known = all.isEmpty() ? pods.revision(rollout, target) : all;
    return new MemberColors(hashes, known);
  }
}
