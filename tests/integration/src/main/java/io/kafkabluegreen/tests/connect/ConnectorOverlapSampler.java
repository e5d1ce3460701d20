package io.kafkabluegreen.tests.connect;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;

/**
 * Two witnesses of "two revisions consuming at once", sampled every {@code interval}: each
 * revision's cluster is asked for its connector's status (a sample where two connectors have a
 * RUNNING task counts), and both sink groups are described (a sample where two have members
 * counts). Evidence, not proof: an overlap shorter than one sampling round can fall between
 * samples. A cluster that does not answer counts as not running.
 */
public final class ConnectorOverlapSampler implements AutoCloseable {

  /**
   * @param samples sampling rounds
   * @param runningOverlaps rounds in which two connectors had a RUNNING task
   * @param memberOverlaps rounds in which two sink groups had members
   * @param unreachable status reads that failed (a worker down)
   * @param maxRoundMillis the longest round: the blind spot of this evidence
   */
  public record Stats(
      long samples,
      long runningOverlaps,
      long memberOverlaps,
      long unreachable,
      long maxRoundMillis) {

    public long overlaps() {
      return runningOverlaps + memberOverlaps;
    }
  }

  private final Map<String, ConnectorRest> connectors; // connector name -> its cluster
  private final List<String> groups;
  private final Admin admin;
  private final Duration interval;
  private final AtomicLong samples = new AtomicLong();
  private final AtomicLong runningOverlaps = new AtomicLong();
  private final AtomicLong memberOverlaps = new AtomicLong();
  private final AtomicLong unreachable = new AtomicLong();
  private final AtomicLong maxRoundNanos = new AtomicLong();
  private final Thread thread;
  private volatile boolean stopping;

  private ConnectorOverlapSampler(
      Map<String, ConnectorRest> connectors, List<String> groups, Admin admin, Duration interval) {
    this.connectors = Map.copyOf(connectors);
    this.groups = List.copyOf(groups);
    this.admin = admin;
    this.interval = interval;
    this.thread = new Thread(this::run, "connector-overlap-sampler");
    this.thread.setDaemon(true);
  }

  /** Starts sampling {@code connectors} (name → its cluster) and their sink {@code groups}. */
  public static ConnectorOverlapSampler start(
      Map<String, ConnectorRest> connectors, List<String> groups, Admin admin, Duration interval) {
    ConnectorOverlapSampler sampler =
        new ConnectorOverlapSampler(connectors, groups, admin, interval);
    sampler.thread.start();
    return sampler;
  }

  private void run() {
    while (!stopping) {
      long start = System.nanoTime();
      sampleOnce();
      long took = System.nanoTime() - start;
      maxRoundNanos.accumulateAndGet(took, Math::max);
      LockSupport.parkNanos(Math.max(0, interval.toNanos() - took));
    }
  }

  private void sampleOnce() {
    int running = 0;
    for (Map.Entry<String, ConnectorRest> c : connectors.entrySet()) {
      try {
        running +=
            c.getValue().status(c.getKey()).map(s -> s.runningTasks() > 0).orElse(false) ? 1 : 0;
      } catch (IOException e) {
        unreachable.incrementAndGet();
      }
    }
    int withMembers = 0;
    try {
      Map<String, ConsumerGroupDescription> described =
          admin.describeConsumerGroups(groups).all().get(5, TimeUnit.SECONDS);
      for (ConsumerGroupDescription d : described.values()) {
        withMembers += d.members().isEmpty() ? 0 : 1;
      }
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
        return;
      }
      // a group that does not exist yet is described as empty; other errors skip the round
    }
    samples.incrementAndGet();
    if (running > 1) {
      runningOverlaps.incrementAndGet();
    }
    if (withMembers > 1) {
      memberOverlaps.incrementAndGet();
    }
  }

  /** Stops sampling and returns what was seen. */
  public Stats stop() {
    stopping = true;
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return new Stats(
        samples.get(),
        runningOverlaps.get(),
        memberOverlaps.get(),
        unreachable.get(),
        TimeUnit.NANOSECONDS.toMillis(maxRoundNanos.get()));
  }

  @Override
  public void close() {
    stop();
  }
}
