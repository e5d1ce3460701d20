package io.kafkabluegreen.tests.validate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;

/**
 * Finds the instants at which two revisions were active at once, from the audit timeline alone.
 *
 * <p><b>The rule.</b> For each source partition, take its audit records in processing order ({@code
 * processedAt}, then offset) and cut them into <i>ownership spells</i>: maximal runs processed by
 * one hash in which consecutive records are at most {@link #DEFAULT_MAX_IDLE} apart. A spell of
 * hash B on partition P from {@code t1} to {@code t2} shows that B owned P and was working on it
 * during {@code [t1, t2]}: nobody else processed P in between, and B never left it idle for long. A
 * <i>dual-active instant</i> is a millisecond {@code t} at which a record was processed by hash A
 * while a spell of another hash B covers {@code t} (bounds included: a real handover — drain,
 * commit, leave, join — takes far more than a millisecond, so two revisions processing within the
 * same millisecond is itself an overlap). In a correct switch every spell of the old revision ends
 * before the first record of the new one, so the count is 0.
 *
 * <p><b>Why the idle cut.</b> Without it, a partition that nobody processed while B was active — B
 * stuck retrying elsewhere, or no traffic — would let A's spell on it stretch across B's whole era:
 * a false alarm. With it, the rule assumes that every partition receives records far more often
 * than once a second while a run is judged (the load producer spreads 1,000 keys over all
 * partitions); sparser traffic only makes detection weaker, never noisier. Two revisions processing
 * the <i>same</i> partition at once (two groups) show up first as records processed twice.
 *
 * <p><b>Why the silence cut.</b> The idle cut alone cannot separate the two eras of the old
 * revision when the new one was active for less than the idle bound (a broken green aborted within
 * a second): the old revision's spell on a partition the new one never touched would bridge the new
 * one's whole era. So a spell also ends where its hash processed nothing at all, on any partition,
 * for longer than {@link #DEFAULT_MAX_SILENCE}: a revision that is really active under load is
 * never silent that long everywhere at once, so this too can only weaken detection.
 */
public final class DualActiveDetector {

  /** Longest pause inside an ownership spell. */
  public static final Duration DEFAULT_MAX_IDLE = Duration.ofSeconds(1);

  /** Longest pause of a revision across all partitions inside one of its ownership spells. */
  public static final Duration DEFAULT_MAX_SILENCE = Duration.ofMillis(250);

  private static final int SAMPLE_LIMIT = 10;

  private final long maxIdleMillis;
  private final long maxSilenceMillis;
  private final Map<String, TreeSet<Long>> silenceStartsByHash = new HashMap<>();
  private final Map<String, List<long[]>> ownershipByHash = new HashMap<>();
  private final TreeSet<Long> instants = new TreeSet<>();
  private final List<String> samples = new ArrayList<>();

  private DualActiveDetector(Duration maxIdle, Duration maxSilence) {
    this.maxIdleMillis = maxIdle.toMillis();
    this.maxSilenceMillis = maxSilence.toMillis();
  }

  /** The dual-active instants of {@code records} (any order) and a few explained examples. */
  public static Result detect(List<AuditRecord> records) {
    return detect(records, DEFAULT_MAX_IDLE, DEFAULT_MAX_SILENCE);
  }

  /** As {@link #detect(List)}, with other bounds on the pauses inside an ownership spell. */
  public static Result detect(List<AuditRecord> records, Duration maxIdle, Duration maxSilence) {
    DualActiveDetector detector = new DualActiveDetector(maxIdle, maxSilence);
    detector.collectSilences(records);
    detector.collectSpells(records);
    detector.checkRecords(records);
    return new Result(detector.instants.size(), List.copyOf(detector.samples));
  }

  /**
   * @param instants distinct milliseconds with two revisions active
   * @param samples a few human-readable examples
   */
  public record Result(long instants, List<String> samples) {}

  private void collectSpells(List<AuditRecord> records) {
    Map<TopicPartition, List<AuditRecord>> byPartition = new HashMap<>();
    for (AuditRecord r : records) {
      byPartition.computeIfAbsent(r.topicPartition(), tp -> new ArrayList<>()).add(r);
    }
    Map<String, List<long[]>> spells = new HashMap<>();
    for (List<AuditRecord> partition : byPartition.values()) {
      partition.sort(
          Comparator.comparingLong(AuditRecord::processedAt)
              .thenComparingLong(AuditRecord::offset));
      int start = 0;
      for (int i = 1; i <= partition.size(); i++) {
        if (i == partition.size() || endsSpell(partition.get(i - 1), partition.get(i))) {
          long[] spell = {partition.get(start).processedAt(), partition.get(i - 1).processedAt()};
          spells.computeIfAbsent(partition.get(start).hash(), h -> new ArrayList<>()).add(spell);
          start = i;
        }
      }
    }
    spells.forEach((hash, list) -> ownershipByHash.put(hash, union(list)));
  }

  /** For each hash, the times after which it processed nothing anywhere for too long. */
  private void collectSilences(List<AuditRecord> records) {
    Map<String, List<Long>> times = new HashMap<>();
    for (AuditRecord r : records) {
      times.computeIfAbsent(r.hash(), h -> new ArrayList<>()).add(r.processedAt());
    }
    times.forEach(
        (hash, list) -> {
          list.sort(null);
          TreeSet<Long> starts = new TreeSet<>();
          for (int i = 1; i < list.size(); i++) {
            if (list.get(i) - list.get(i - 1) > maxSilenceMillis) {
              starts.add(list.get(i - 1));
            }
          }
          silenceStartsByHash.put(hash, starts);
        });
  }

  private boolean endsSpell(AuditRecord previous, AuditRecord next) {
    if (!next.hash().equals(previous.hash())
        || next.processedAt() - previous.processedAt() > maxIdleMillis) {
      return true;
    }
    // a silence of this hash that starts in [previous, next) lies wholly between the two records
    Long silence = silenceStartsByHash.get(previous.hash()).ceiling(previous.processedAt());
    return silence != null && silence < next.processedAt();
  }

  /** Merges intervals into a sorted list of disjoint ones, for binary search. */
  private static List<long[]> union(List<long[]> intervals) {
    intervals.sort(Comparator.comparingLong(i -> i[0]));
    List<long[]> merged = new ArrayList<>();
    for (long[] next : intervals) {
      long[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
      if (last != null && next[0] <= last[1]) {
        last[1] = Math.max(last[1], next[1]);
      } else {
        merged.add(new long[] {next[0], next[1]});
      }
    }
    return merged;
  }

  private void checkRecords(List<AuditRecord> records) {
    for (AuditRecord r : records) {
      for (Map.Entry<String, List<long[]>> other : ownershipByHash.entrySet()) {
        if (other.getKey().equals(r.hash())) {
          continue;
        }
        long[] covering = covering(other.getValue(), r.processedAt());
        if (covering != null && instants.add(r.processedAt()) && samples.size() < SAMPLE_LIMIT) {
          samples.add(
              r.processedAt()
                  + ": "
                  + r.hash()
                  + " processed "
                  + r.sourceId()
                  + " while "
                  + other.getKey()
                  + " owned partitions during ["
                  + covering[0]
                  + ", "
                  + covering[1]
                  + "]");
        }
      }
    }
  }

  private static long[] covering(List<long[]> sorted, long t) {
    int lo = 0;
    int hi = sorted.size() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      long[] interval = sorted.get(mid);
      if (t < interval[0]) {
        hi = mid - 1;
      } else if (t > interval[1]) {
        lo = mid + 1;
      } else {
        return interval;
      }
    }
    return null;
  }
}
