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
 * samples. A cluster that does not answer counts as not running. The two witnesses sample on two
 * threads, so that a slow describe (a loaded broker) does not thin out the status samples.
 */
public final class ConnectorOverlapSampler implements AutoCloseable {

  /**
   * @param statusSamples rounds of status reads
   * @param groupSamples rounds of group descriptions
   * @param runningOverlaps status rounds in which two connectors had a RUNNING task
   * @param memberOverlaps group rounds in which two sink groups had members
   * @param emptyGroupRounds group rounds in which no sink group had a member (a switch's gap)
   * @param failedGroupRounds group rounds whose describe failed (not counted in groupSamples)
   * @param longestEmptyMillis first to last of the longest run of consecutive empty group rounds
   * @param unreachable status reads that failed (a worker down)
   * @param maxStatusRoundMillis the longest status round: that witness's blind spot
   * @param maxGroupRoundMillis the longest group round
   */
  public record Stats(
      long statusSamples,
      long groupSamples,
      long runningOverlaps,
      long memberOverlaps,
      long emptyGroupRounds,
      long failedGroupRounds,
      long longestEmptyMillis,
      long unreachable,
      long maxStatusRoundMillis,
      long maxGroupRoundMillis) {

    /** Rounds of the thinner witness. */
    public long samples() {
      return Math.min(statusSamples, groupSamples);
    }

    public long overlaps() {
      return runningOverlaps + memberOverlaps;
    }
  }

  private final Map<String, ConnectorRest> connectors; // connector name -> its cluster
  private final List<String> groups;
  private final Admin admin;
  private final Duration interval;
  private final AtomicLong statusSamples = new AtomicLong();
  private final AtomicLong groupSamples = new AtomicLong();
  private final AtomicLong runningOverlaps = new AtomicLong();
  private final AtomicLong memberOverlaps = new AtomicLong();
  private final AtomicLong emptyGroupRounds = new AtomicLong();
  private final AtomicLong failedGroupRounds = new AtomicLong();
  private final AtomicLong longestEmptyNanos = new AtomicLong();
  private long emptySince = -1; // only the group thread touches it
  private final AtomicLong unreachable = new AtomicLong();
  private final AtomicLong maxStatusRoundNanos = new AtomicLong();
  private final AtomicLong maxGroupRoundNanos = new AtomicLong();
  private final List<Thread> threads;
  private volatile boolean stopping;

  private ConnectorOverlapSampler(
      Map<String, ConnectorRest> connectors, List<String> groups, Admin admin, Duration interval) {
    this.connectors = Map.copyOf(connectors);
    this.groups = List.copyOf(groups);
    this.admin = admin;
    this.interval = interval;
    this.threads =
        List.of(
            new Thread(() -> loop(this::sampleStatus, maxStatusRoundNanos), "overlap-status"),
            new Thread(() -> loop(this::sampleGroups, maxGroupRoundNanos), "overlap-groups"));
    threads.forEach(t -> t.setDaemon(true));
  }

  /** Starts sampling {@code connectors} (name → its cluster) and their sink {@code groups}. */
  public static ConnectorOverlapSampler start(
      Map<String, ConnectorRest> connectors, List<String> groups, Admin admin, Duration interval) {
    ConnectorOverlapSampler sampler =
        new ConnectorOverlapSampler(connectors, groups, admin, interval);
    sampler.threads.forEach(Thread::start);
    return sampler;
  }

  private void loop(Runnable round, AtomicLong maxRoundNanos) {
    while (!stopping) {
      long start = System.nanoTime();
      round.run();
      long took = System.nanoTime() - start;
      maxRoundNanos.accumulateAndGet(took, Math::max);
      LockSupport.parkNanos(Math.max(0, interval.toNanos() - took));
    }
  }

  private void sampleStatus() {
    int running = 0;
    for (Map.Entry<String, ConnectorRest> c : connectors.entrySet()) {
      try {
        running +=
            c.getValue().status(c.getKey()).map(s -> s.runningTasks() > 0).orElse(false) ? 1 : 0;
      } catch (IOException e) {
        unreachable.incrementAndGet();
      }
    }
    statusSamples.incrementAndGet();
    if (running > 1) {
      runningOverlaps.incrementAndGet();
    }
  }

  private void sampleGroups() {
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
      failedGroupRounds.incrementAndGet();
      return;
    }
    groupSamples.incrementAndGet();
    if (withMembers > 1) {
      memberOverlaps.incrementAndGet();
    }
    if (withMembers == 0) {
      emptyGroupRounds.incrementAndGet();
      long now = System.nanoTime();
      emptySince = emptySince < 0 ? now : emptySince;
      longestEmptyNanos.accumulateAndGet(now - emptySince, Math::max);
    } else {
      emptySince = -1;
    }
  }

  /** Stops sampling and returns what was seen. */
  public Stats stop() {
    stopping = true;
    for (Thread thread : threads) {
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return new Stats(
        statusSamples.get(),
        groupSamples.get(),
        runningOverlaps.get(),
        memberOverlaps.get(),
        emptyGroupRounds.get(),
        failedGroupRounds.get(),
        TimeUnit.NANOSECONDS.toMillis(longestEmptyNanos.get()),
        unreachable.get(),
        TimeUnit.NANOSECONDS.toMillis(maxStatusRoundNanos.get()),
        TimeUnit.NANOSECONDS.toMillis(maxGroupRoundNanos.get()));
  }

  @Override
  public void close() {
    stop();
  }
}
