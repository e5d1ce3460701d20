package io.kafkabluegreen.provider.lag;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * The lag arithmetic of docs/design.md §7, on offsets already read.
 *
 * <ul>
 *   <li>{@code lag = end − max(committed, logStart)}, clamped at 0: records removed by retention
 *       behind the committed offset cannot be consumed any more, so they are no lag (no phantom
 *       lag), and a committed offset past the end (a truncated log) is no negative lag;
 *   <li>no committed offset: {@code end − logStart} (what is really still readable), or 0 when the
 *       group starts at the latest offset;
 *   <li>committed offsets on topics that no longer exist are reported apart, without lag.
 * </ul>
 */
final class LagCalculator {

  /**
   * By topic, then partition. The partitions of a read share their topic's {@code String}, so the
   * identity check spares most string comparisons when sorting 10,000 of them.
   */
  static final Comparator<TopicPartition> ORDER =
      (a, b) -> {
        int byTopic = a.topic() == b.topic() ? 0 : a.topic().compareTo(b.topic());
        return byTopic != 0 ? byTopic : Integer.compare(a.partition(), b.partition());
      };

  private LagCalculator() {}

  static LagReport compute(OffsetSnapshot snapshot, LagQuery query) {
    List<PartitionLag> partitions = new ArrayList<>();
    long total = 0;
    long max = 0;
    List<TopicPartition> order = new ArrayList<>(snapshot.partitions());
    order.sort(ORDER);
    for (TopicPartition tp : order) {
      long end = snapshot.end().get(tp);
      long logStart = snapshot.logStart().get(tp);
      Long committed = snapshot.committed().get(tp);
      long lag = lag(committed, end, logStart, query.uncommitted());
      partitions.add(
          new PartitionLag(tp.topic(), tp.partition(), committed, end, logStart, lag, null));
      total += lag;
      max = Math.max(max, lag);
    }
    return new LagReport(
        snapshot.group(),
        snapshot.state(),
        snapshot.members(),
        query.isolation().name().toLowerCase(Locale.ROOT),
        query.uncommitted().wireName(),
        total,
        max,
        null,
        partitions,
        orphans(snapshot),
        snapshot.readAt());
  }

  static long lag(Long committed, long end, long logStart, UncommittedPolicy uncommitted) {
    if (committed == null) {
      return uncommitted == UncommittedPolicy.LATEST ? 0 : Math.max(0, end - logStart);
    }
    return Math.max(0, end - Math.max(committed, logStart));
  }

  private static List<OrphanedOffset> orphans(OffsetSnapshot snapshot) {
    List<OrphanedOffset> orphans = new ArrayList<>();
    snapshot.committed().entrySet().stream()
        .filter(e -> !snapshot.end().containsKey(e.getKey()))
        .sorted(Map.Entry.comparingByKey(ORDER))
        .forEach(
            e ->
                orphans.add(
                    new OrphanedOffset(e.getKey().topic(), e.getKey().partition(), e.getValue())));
    return orphans;
  }
}
