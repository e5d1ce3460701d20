package io.kafkabluegreen.provider.handover;

import io.kafkabluegreen.provider.rollout.ManagedRollout;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Step 6 of docs/design.md §4: once the target holds the Lease as Active, the strategy starts its
 * side and the engine waits until the target's members own every partition of its group. The
 * strategy's start answers as soon as ownership may follow ({@link HandoverStrategy#start}): C's
 * and B's pods obey the Lease on their own, so their resume calls are only confirmations, answered
 * while the engine waits; waiting for them first cost 80–290 ms of a 170–540 ms activate step
 * (HandoverBenchmark, eager standby, the provider's log). A failure here does not roll back: the
 * Lease already names the target, and whether to go back is the Rollout's decision (its analysis
 * fails, Argo aborts, the watcher follows).
 */
final class Activation {

  private static final Logger LOG = LoggerFactory.getLogger(Activation.class);

  private final Strategies strategies;
  private final GroupWaiter waiter;
  private final Duration timeout;

  Activation(Strategies strategies, GroupWaiter waiter, Duration timeout) {
    this.strategies = strategies;
    this.waiter = waiter;
    this.timeout = timeout;
  }

  HandoverResult activate(HandoverRun run, LeaseSnapshot lease) {
    ManagedRollout rollout = run.rollout();
    HandoverStrategy strategy = strategies.of(rollout);
    String target = run.target();
    String group = strategy.groupOf(rollout, target);
    run.step(HandoverStep.ACTIVATE);
    run.lease(lease.state());
    MDC.put("epoch", Long.toString(lease.state().epoch()));
    long start = System.nanoTime();
    Optional<String> gap;
    AtomicLong started = new AtomicLong(-1);
    try {
      CompletableFuture<Void> starting =
          strategy.start(run).thenRun(() -> started.set(millisSince(start)));
      gap = strategy.awaitStarted(run, timeout);
      if (gap.isEmpty()) {
        MemberColors colors = strategy.colors(rollout, target, lease.state());
        gap = waiter.awaitOwned(group, target, colors, timeout.minusMillis(millisSince(start)));
      }
      starting.join(); // the answer lists every start call's outcome
    } catch (HandoverStepException e) {
      gap = Optional.of(e.getMessage());
    }
    long millis = millisSince(start);
    run.took(HandoverStep.ACTIVATE, millis);
    if (gap.isPresent()) {
      LOG.warn(
          "Activate: revision {} does not own group {} after {} ms: {}",
          target,
          group,
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
        "Activate: {} in {} ms; {} owns group {} after {} ms",
        run.startSummary(),
        started.get(),
        target,
        group,
        millis);
    return run.finish(HandoverPhase.ACTIVE, null);
  }

  private static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
