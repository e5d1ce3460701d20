package io.kafkabluegreen.tests.e2e.connect;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The witness of dual activity for strategy E: every 50 ms it asks each revision's worker for its
 * own connector's status and counts the samples in which more than one connector had a RUNNING
 * task. A worker that cannot be asked (gone, restarting) counts as running nothing: a worker
 * without a process runs no task.
 */
public final class RunningTasksSampler implements AutoCloseable {

  private static final long PERIOD_MS = 50;

  /** A revision's connector and the worker that answers for it. */
  private record Side(String connector, String podIp) {}

  private final Map<String, Side> sides = new ConcurrentHashMap<>();
  private final AtomicLong samples = new AtomicLong();
  private final AtomicLong dualSamples = new AtomicLong();
  private final AtomicInteger errors = new AtomicInteger();
  private final Thread thread;
  private volatile boolean running = true;

  private RunningTasksSampler() {
    this.thread = new Thread(this::run, "connect-running-tasks-sampler");
    this.thread.setDaemon(true);
  }

  public static RunningTasksSampler start() {
    RunningTasksSampler sampler = new RunningTasksSampler();
    sampler.thread.start();
    return sampler;
  }

  /** Watches {@code connector} on the worker at {@code podIp} (replacing the revision's worker). */
  public void watch(String hash, String connector, String podIp) {
    sides.put(hash, new Side(connector, podIp));
  }

  /** Stops watching a revision (while the test itself, not a handover, makes it run). */
  public void unwatch(String hash) {
    sides.remove(hash);
  }

  public long samples() {
    return samples.get();
  }

  /** Samples in which two connectors had RUNNING tasks at once. */
  public long dualSamples() {
    return dualSamples.get();
  }

  public String summary() {
    return samples.get()
        + " samples of "
        + sides.keySet()
        + ", "
        + dualSamples.get()
        + " with two connectors running tasks, "
        + errors.get()
        + " unanswered";
  }

  private void run() {
    while (running) {
      int withTasks = 0;
      for (Side side : sides.values()) {
        try {
          if (ConnectRest.at(side.podIp())
              .status(side.connector())
              .map(s -> s.runningTasks() > 0)
              .orElse(false)) {
            withTasks++;
          }
        } catch (RuntimeException e) {
          errors.incrementAndGet();
        }
      }
      samples.incrementAndGet();
      if (withTasks > 1) {
        dualSamples.incrementAndGet();
      }
      try {
        Thread.sleep(PERIOD_MS); // the sampling period, not a synchronization
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
