package io.kafkabluegreen.provider.lag;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The answer of {@code GET /v1/lag?detail=totals}: the same read and arithmetic as {@link
 * LagReport}, with the per-partition list replaced by one line per topic.
 *
 * @param partitionCount how many partitions the totals cover
 * @param timeLagSeconds as in {@link LagReport}
 * @param timeLagReason as in {@link LagReport}
 * @param topics one entry per topic, sorted by name
 * @param orphanedOffsets how many committed offsets are on topics that no longer exist
 */
public record LagTotals(
    String group,
    String state,
    int members,
    String isolation,
    String uncommitted,
    long totalLag,
    long maxLag,
    int partitionCount,
    @JsonInclude(JsonInclude.Include.NON_NULL) Double timeLagSeconds,
    @JsonInclude(JsonInclude.Include.NON_NULL) String timeLagReason,
    List<TopicLag> topics,
    int orphanedOffsets,
    Instant readAt) {

  public LagTotals {
    topics = List.copyOf(topics);
  }

  /**
   * The totals of a report, whose partitions are sorted by topic.
   *
   * @param timeLag whether the report answers {@code timeLag=true}
   */
  static LagTotals of(LagReport report, boolean timeLag) {
    List<TopicLag> topics = new ArrayList<>();
    List<PartitionLag> rows = report.partitions();
    int i = 0;
    while (i < rows.size()) {
      String topic = rows.get(i).topic();
      long total = 0;
      long max = 0;
      Double seconds = 0.0;
      int first = i;
      for (; i < rows.size() && rows.get(i).topic().equals(topic); i++) {
        PartitionLag p = rows.get(i);
        total += p.lag();
        max = Math.max(max, p.lag());
        Double s = p.timeLagSeconds();
        seconds = s == null || seconds == null ? null : Double.valueOf(Math.max(seconds, s));
      }
      topics.add(new TopicLag(topic, i - first, total, max, timeLag ? seconds : null));
    }
    return new LagTotals(
        report.group(),
        report.state(),
        report.members(),
        report.isolation(),
        report.uncommitted(),
        report.totalLag(),
        report.maxLag(),
        rows.size(),
        report.timeLagSeconds(),
        report.timeLagReason(),
        topics,
        report.orphanedOffsets().size(),
        report.readAt());
  }
}
