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
 * one hash in which consecutive records are never further apart than the partition's <i>idle
 * cut</i> — {@value #IDLE_FACTOR} times the median gap between consecutive records on that
 * partition, and at least {@link #MIN_IDLE_CUT}. A spell of hash B on partition P from {@code t1}
 * to {@code t2} shows that B owned P and was working on it during {@code [t1, t2]}: nobody else
 * processed P in between, and B never left it idle for long. A <i>dual-active instant</i> is a
 * millisecond {@code t} at which a record was processed by hash A while a spell of another hash B
 * covers {@code t} (bounds included: a real handover — drain, commit, leave, join — takes far more
 * than a millisecond, so two revisions processing within the same millisecond is itself an
 * overlap). In a correct switch every spell of the old revision ends before the first record of the
 * new one, so the count is 0.
 *
 * <p><b>Why the idle cut.</b> Without it, a partition that nobody processed while B was active — B
 * stuck retrying elsewhere, or no traffic — would let A's spell on it stretch across B's whole era:
 * a false alarm. A truly active owner keeps up with its partition (the load producer spreads 1,000
 * keys over all partitions), so its gaps stay near the partition's usual rhythm, while the old
 * color's last record before a switch and its first after a switch back are at least two handovers
 * apart. Scaling the cut with the partition's own rhythm keeps sparse traffic from raising alarms;
 * the floor absorbs poll batches, commits and GC pauses. What the rule cannot tell apart is an era
 * of B shorter than the cut in which B left a partition untouched: that reads as an overlap — a
 * false alarm, never a miss. Two revisions processing the <i>same</i> partition at once (two
 * groups) show up first as records processed twice.
 */
public final class DualActiveDetector {

  /** The idle cut of a partition is this many times its median gap between records... */
  public static final int IDLE_FACTOR = 20;

  /** ...and never less than this. */
  public static final Duration MIN_IDLE_CUT = Duration.ofMillis(250);

  private static final int SAMPLE_LIMIT = 10;

  /** A fixed idle cut, or -1 for the adaptive one. */
  private final long fixedCutMillis;

  private final Map<String, List<long[]>> ownershipByHash = new HashMap<>();
  private final TreeSet<Long> instants = new TreeSet<>();
  private final List<String> samples = new ArrayList<>();

  private DualActiveDetector(long fixedCutMillis) {
    this.fixedCutMillis = fixedCutMillis;
  }

  /** The dual-active instants of {@code records} (any order) and a few explained examples. */
  public static Result detect(List<AuditRecord> records) {
    return run(records, -1);
  }

  /** As {@link #detect(List)} with one fixed idle cut for every partition (to study the rule). */
  public static Result detect(List<AuditRecord> records, Duration idleCut) {
    return run(records, idleCut.toMillis());
  }

  private static Result run(List<AuditRecord> records, long fixedCutMillis) {
    DualActiveDetector detector = new DualActiveDetector(fixedCutMillis);
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
      long cut = fixedCutMillis >= 0 ? fixedCutMillis : idleCut(partition);
      int start = 0;
      for (int i = 1; i <= partition.size(); i++) {
        if (i == partition.size() || endsSpell(partition.get(i - 1), partition.get(i), cut)) {
          long[] spell = {partition.get(start).processedAt(), partition.get(i - 1).processedAt()};
          spells.computeIfAbsent(partition.get(start).hash(), h -> new ArrayList<>()).add(spell);
          start = i;
        }
      }
    }
    spells.forEach((hash, list) -> ownershipByHash.put(hash, union(list)));
  }

  private static boolean endsSpell(AuditRecord previous, AuditRecord next, long cutMillis) {
    return !next.hash().equals(previous.hash())
        || next.processedAt() - previous.processedAt() > cutMillis;
  }

  /** {@value #IDLE_FACTOR} × the median gap between consecutive records of one hash, floored. */
  private static long idleCut(List<AuditRecord> sortedPartition) {
    List<Long> gaps = new ArrayList<>();
    for (int i = 1; i < sortedPartition.size(); i++) {
      AuditRecord previous = sortedPartition.get(i - 1);
      AuditRecord next = sortedPartition.get(i);
      if (next.hash().equals(previous.hash())) {
        gaps.add(next.processedAt() - previous.processedAt());
      }
    }
    if (gaps.isEmpty()) {
      return MIN_IDLE_CUT.toMillis();
    }
    gaps.sort(null);
    long median = gaps.get(gaps.size() / 2);
    return Math.max(MIN_IDLE_CUT.toMillis(), IDLE_FACTOR * median);
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
