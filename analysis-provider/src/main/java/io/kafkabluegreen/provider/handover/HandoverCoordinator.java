package io.kafkabluegreen.provider.handover;

import io.kafkabluegreen.provider.rollout.ManagedRollout;
import io.kafkabluegreen.provider.rollout.RolloutRef;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.common.utils.ThreadUtils;

/**
 * Runs at most one handover per Rollout at a time in this process, whoever asks (the HTTP endpoint
 * or the Rollout watcher). Asking for the hash that is already being handed over joins the running
 * handover; asking for another one is a conflict. Handovers run on their own threads, so that an
 * HTTP request can stop waiting without stopping the handover.
 */
public final class HandoverCoordinator implements AutoCloseable {

  /** A handover under way. */
  public record Running(HandoverRun run, CompletableFuture<HandoverResult> result) {}

  private final HandoverService service;
  private final String identity;
  private final ExecutorService executor;
  private final Map<RolloutRef, Running> running = new ConcurrentHashMap<>();
  private final Map<RolloutRef, HandoverResult> last = new ConcurrentHashMap<>();
  private final List<Consumer<RolloutRef>> listeners = new CopyOnWriteArrayList<>();

  public HandoverCoordinator(HandoverService service, String identity) {
    this.service = service;
    this.identity = identity;
    this.executor =
        Executors.newCachedThreadPool(ThreadUtils.createThreadFactory("handover-%d", true));
  }

  /**
   * Starts a handover of {@code rollout} to {@code target}, or joins the one already running
   * towards the same hash.
   *
   * @param trigger {@code api} or {@code watcher}, recorded in the result
   * @throws HandoverConflictException when a handover towards another hash is running here
   */
  public synchronized Running start(ManagedRollout rollout, String target, String trigger) {
    RolloutRef ref = rollout.ref();
    Running current = running.get(ref);
    if (current != null) {
      if (current.run().target().equals(target)) {
        return current;
      }
      throw new HandoverConflictException(
          "a handover of "
              + ref
              + " towards "
              + current.run().target()
              + " is running ("
              + current.run().trigger()
              + "); retry once it ends");
    }
    HandoverRun run = new HandoverRun(rollout, target, trigger, identity);
    CompletableFuture<HandoverResult> result = new CompletableFuture<>();
    Running started = new Running(run, result);
    running.put(ref, started);
    executor.execute(() -> runToEnd(ref, started));
    return started;
  }

  /**
   * Runs the handover, then in this order: forgets it as running, records it as the last one,
   * completes its future (whose callers see the result first), and only then tells the listeners,
   * so that a listener that looks at this Rollout again sees everything settled.
   */
  private void runToEnd(RolloutRef ref, Running started) {
    HandoverResult done = null;
    Throwable failure = null;
    try {
      done = service.run(started.run());
    } catch (RuntimeException | Error e) {
      failure = e;
    }
    running.remove(ref, started);
    if (done != null) {
      last.put(ref, done);
      started.result().complete(done);
    } else {
      started.result().completeExceptionally(failure);
    }
    listeners.forEach(listener -> listener.accept(ref));
  }

  /** The handover running for this Rollout right now, if any. */
  public Optional<Running> running(RolloutRef ref) {
    return Optional.ofNullable(running.get(ref));
  }

  /** The last finished handover of this Rollout in this process, if any. */
  public Optional<HandoverResult> last(RolloutRef ref) {
    return Optional.ofNullable(last.get(ref));
  }

  /** Called, on the handover's thread, after every handover of any Rollout ends. */
  public void onFinished(Consumer<RolloutRef> listener) {
    listeners.add(listener);
  }

  @Override
  public void close() {
    // Let a running handover end (each step is bounded); one cut short leaves the Lease Draining,
    // which the next provider completes or rolls back.
    executor.shutdown();
    try {
      if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
