package io.kafkabluegreen.provider.handover;

import io.kafkabluegreen.provider.rollout.ManagedRollout;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.utils.ThreadUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Step 6 of docs/design.md §4: once the target holds the Lease as Active, the strategy starts its
 * side and the engine waits until the target's members own every partition of its group. A side
 * that follows the Lease on its own (C's and B's pods: the Active Lease naming them lifts the
 * drain's explicit pause) is started while the engine waits, not before: the resume calls then only
 * confirm, and waiting for them first cost 80–290 ms of a 170–540 ms activate step
 * (HandoverBenchmark, eager standby, the provider's log). A failure here does not roll back: the
 * Lease already names the target, and whether to go back is the Rollout's decision (its analysis
 * fails, Argo aborts, the watcher follows).
 */
final class Activation {

  private static final Logger LOG = LoggerFactory.getLogger(Activation.class);

  /**
   * Runs the start of a strategy whose side follows the Lease while the engine waits for ownership.
   * Daemon threads, created on demand: handovers are rare.
   */
  private static final ExecutorService STARTERS =
      Executors.newCachedThreadPool(ThreadUtils.createThreadFactory("handover-start-%d", true));

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
      if (strategy.followsLease()) {
        CompletableFuture<Void> starting =
            CompletableFuture.runAsync(
                withMdc(
                    () -> {
                      strategy.start(run);
                      started.set(millisSince(start));
                    }),
                STARTERS);
        MemberColors colors = strategy.colors(rollout, target, lease.state());
        gap = waiter.awaitOwned(group, target, colors, timeout);
        join(starting);
      } else {
        strategy.start(run);
        gap = strategy.awaitStarted(run, timeout);
        started.set(millisSince(start));
        if (gap.isEmpty()) {
          MemberColors colors = strategy.colors(rollout, target, lease.state());
          gap = waiter.awaitOwned(group, target, colors, timeout.minusMillis(millisSince(start)));
        }
      }
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

  /** The start's own failure, as if it had run on this thread. */
  private static void join(CompletableFuture<Void> starting) {
    try {
      starting.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }

  private static Runnable withMdc(Runnable task) {
    Map<String, String> context = MDC.getCopyOfContextMap();
    return () -> {
      if (context != null) {
        MDC.setContextMap(context);
      }
      try {
        task.run();
      } finally {
        MDC.clear();
      }
    };
  }

  private static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
