package io.kafkabluegreen.tests.validate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/**
 * Watches the consumer group(s) under test with {@code describeConsumerGroups} every few tens of
 * milliseconds and counts samples in which members of two hashes hold partitions at once (client.id
 * {@code consumer-app-<hash>-<pod>}) and samples in which no member holds any. Members that hold
 * nothing (standby members) do not count: being in the group is not consuming. A classic group
 * shows assignments only while Stable, so its rebalances read as "nobody holds". For strategy B
 * pass both revisions' groups: their members are pooled into one sample.
 *
 * <p>Sampling is evidence, not proof: an overlap shorter than the interval can slip between two
 * samples. The audit timeline ({@link DualActiveDetector}) is the second, independent witness.
 */
public final class MembershipSampler implements AutoCloseable {

  private static final int EXAMPLE_LIMIT = 5;
  private static final int CHANGE_LIMIT = 10_000;

  private final Admin admin;
  private final List<String> groups;
  private final long intervalNanos;
  private final Thread thread;
  private volatile boolean stopping;

  private long samples;
  private long dualSamples;
  private long emptySamples;
  private long failedSamples;
  private long emptySince = -1;
  private long longestEmptyMillis;
  private final List<String> dualExamples = new ArrayList<>();
  private final List<MembershipChange> changes = new ArrayList<>();
  private Set<String> lastHashes;

  private MembershipSampler(Admin admin, Collection<String> groups, Duration interval) {
    this.admin = admin;
    this.groups = List.copyOf(groups);
    this.intervalNanos = interval.toNanos();
    this.thread = new Thread(this::run, "membership-sampler");
    this.thread.setDaemon(true);
  }

  /** Starts sampling {@code groups} every {@code interval} (20–50 ms is a good value). */
  public static MembershipSampler start(Admin admin, Collection<String> groups, Duration interval) {
    MembershipSampler sampler = new MembershipSampler(admin, groups, interval);
    sampler.thread.start();
    return sampler;
  }

  private void run() {
    while (!stopping) {
      long next = System.nanoTime() + intervalNanos;
      sampleOnce();
      long wait = next - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
    }
  }

  private void sampleOnce() {
    Set<String> hashes = new TreeSet<>();
    try {
      Map<String, KafkaFuture<ConsumerGroupDescription>> described =
          admin
              .describeConsumerGroups(groups, new DescribeConsumerGroupsOptions().timeoutMs(2000))
              .describedGroups();
      for (KafkaFuture<ConsumerGroupDescription> group : described.values()) {
        for (MemberDescription member : membersOf(group)) {
          if (member.assignment().topicPartitions().isEmpty()) {
            continue;
          }
          hashes.add(ClientIds.hashOf(member.clientId()).orElse("?" + member.clientId()));
        }
      }
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
        stopping = true;
      }
      synchronized (this) {
        failedSamples++;
      }
      return;
    }
    record(System.currentTimeMillis(), hashes);
  }

  /** A group that does not exist yet (strategy B's new revision) has no members. */
  private static Collection<MemberDescription> membersOf(
      KafkaFuture<ConsumerGroupDescription> group) throws Exception {
    try {
      return group.get(3, TimeUnit.SECONDS).members();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof GroupIdNotFoundException) {
        return List.of();
      }
      throw e;
    }
  }

  private synchronized void record(long now, Set<String> hashes) {
    samples++;
    if (hashes.size() > 1) {
      dualSamples++;
      if (dualExamples.size() < EXAMPLE_LIMIT) {
        dualExamples.add(now + ": " + hashes);
      }
    }
    if (hashes.isEmpty()) {
      emptySamples++;
      if (emptySince < 0) {
        emptySince = now;
      }
      longestEmptyMillis = Math.max(longestEmptyMillis, now - emptySince);
    } else {
      emptySince = -1;
    }
    if (!hashes.equals(lastHashes) && changes.size() < CHANGE_LIMIT) {
      changes.add(new MembershipChange(now, Set.copyOf(hashes)));
    }
    lastHashes = hashes;
  }

  /** What has been seen so far; sampling goes on. */
  public synchronized MembershipStats snapshot() {
    return new MembershipStats(
        samples,
        dualSamples,
        emptySamples,
        failedSamples,
        longestEmptyMillis,
        List.copyOf(dualExamples),
        List.copyOf(changes));
  }

  /** Stops sampling and returns the totals. */
  public MembershipStats stop() {
    stopping = true;
    try {
      thread.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return snapshot();
  }

  @Override
  public void close() {
    stop();
  }
}
