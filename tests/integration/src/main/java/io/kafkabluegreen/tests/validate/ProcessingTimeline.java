package io.kafkabluegreen.tests.validate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The audit records in processing order: per-second counts and the changes of revision. */
public final class ProcessingTimeline {

  /** More transitions than this means the run flapped; the rest would only be noise. */
  private static final int TRANSITION_LIMIT = 1000;

  private ProcessingTimeline() {}

  /** Records processed per second, by hash, from the first to the last second with a record. */
  public static List<TimelineBucket> perSecond(List<AuditRecord> records) {
    TreeMap<Long, Map<String, Long>> buckets = new TreeMap<>();
    for (AuditRecord r : records) {
      buckets
          .computeIfAbsent(Math.floorDiv(r.processedAt(), 1000L), s -> new TreeMap<>())
          .merge(r.hash(), 1L, Long::sum);
    }
    List<TimelineBucket> timeline = new ArrayList<>();
    if (buckets.isEmpty()) {
      return timeline;
    }
    for (long s = buckets.firstKey(); s <= buckets.lastKey(); s++) {
      timeline.add(new TimelineBucket(s, Map.copyOf(buckets.getOrDefault(s, Map.of()))));
    }
    return timeline;
  }

  /**
   * Every change of processing revision, in order. Within one millisecond the records of the
   * revision already running come first, so that a tie cannot invent a back-and-forth; the
   * dual-active check is the one that judges ties.
   */
  public static List<Transition> transitions(List<AuditRecord> records) {
    List<AuditRecord> sorted = new ArrayList<>(records);
    sorted.sort(Comparator.comparingLong(AuditRecord::processedAt));
    List<Transition> transitions = new ArrayList<>();
    AuditRecord previous = null;
    int i = 0;
    while (i < sorted.size() && transitions.size() < TRANSITION_LIMIT) {
      int end = i;
      while (end < sorted.size() && sorted.get(end).processedAt() == sorted.get(i).processedAt()) {
        end++;
      }
      for (AuditRecord current : runFirst(sorted.subList(i, end), previous)) {
        if (previous != null && !current.hash().equals(previous.hash())) {
          transitions.add(
              new Transition(
                  previous.hash(),
                  current.hash(),
                  previous.processedAt(),
                  current.processedAt(),
                  current.processedAt() - previous.processedAt()));
        }
        previous = current;
      }
      i = end;
    }
    return transitions;
  }

  /** One millisecond's records, those of the running revision first, then grouped by hash. */
  private static List<AuditRecord> runFirst(List<AuditRecord> sameMilli, AuditRecord previous) {
    String running = previous == null ? "" : previous.hash();
    List<AuditRecord> ordered = new ArrayList<>(sameMilli);
    ordered.sort(
        Comparator.comparing((AuditRecord r) -> !r.hash().equals(running))
            .thenComparing(AuditRecord::hash));
    return ordered;
  }
}
