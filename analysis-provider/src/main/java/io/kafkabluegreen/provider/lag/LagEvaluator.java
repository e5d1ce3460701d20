package io.kafkabluegreen.provider.lag;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.TopicPartition;

/**
 * The sliding-window evaluation of docs/design.md §7, on the samples of one group (oldest first).
 * For each partition, in this order:
 *
 * <ol>
 *   <li>{@link LagStatus#REWIND} if its committed offset ever went backwards between two samples;
 *   <li>{@link LagStatus#OK} if its newest lag is at or below the threshold;
 *   <li>{@link LagStatus#WARN} if there is only one sample: the lag is not yet shown to decrease;
 *   <li>if the committed offset did not move over the window: {@link LagStatus#STOP} when the group
 *       had no member in any sample (nobody can have committed), else {@link LagStatus#STALL}.
 *       Kafka does not expose commit times, so "no commits" is observed as "no member, no move";
 *   <li>{@link LagStatus#WARN} if the lag did not decrease from the oldest sample to the newest;
 *   <li>otherwise {@link LagStatus#OK}: the consumer is catching up.
 * </ol>
 */
final class LagEvaluator {

  /** One partition in one sample. {@code committed} is {@link LagSample#NO_COMMIT} if none. */
  record Point(long committed, long lag, int members) {}

  private LagEvaluator() {}

  static LagStatusReport evaluate(
      String group, List<LagSample> samples, long okThreshold, Duration window) {
    LagSample oldest = samples.get(0);
    LagSample newest = samples.get(samples.size() - 1);
    List<PartitionStatus> rows = new ArrayList<>();
    LagStatus worst = LagStatus.OK;
    List<TopicPartition> partitions = newest.partitions();
    for (int i = 0; i < partitions.size(); i++) {
      List<Point> series = series(samples, partitions, i);
      LagStatus status = classify(series, okThreshold);
      worst = status.compareTo(worst) > 0 ? status : worst;
      Point first = series.get(0);
      Point last = series.get(series.size() - 1);
      rows.add(
          new PartitionStatus(
              partitions.get(i).topic(),
              partitions.get(i).partition(),
              status,
              last.committed() == LagSample.NO_COMMIT ? null : last.committed(),
              last.lag(),
              moved(first.committed(), last.committed()),
              last.lag() - first.lag()));
    }
    return new LagStatusReport(
        group,
        worst,
        newest.state,
        newest.members,
        newest.totalLag(),
        newest.maxLag(),
        samples.size(),
        Duration.between(oldest.at, newest.at).toMillis() / 1000.0,
        window.toMillis() / 1000.0,
        newest.at,
        rows);
  }

  static LagStatus classify(List<Point> series, long okThreshold) {
    for (int i = 1; i < series.size(); i++) {
      long before = series.get(i - 1).committed();
      long after = series.get(i).committed();
      if (before != LagSample.NO_COMMIT && after != LagSample.NO_COMMIT && after < before) {
        return LagStatus.REWIND;
      }
    }
    Point first = series.get(0);
    Point last = series.get(series.size() - 1);
    if (last.lag() <= okThreshold) {
      return LagStatus.OK;
    }
    if (series.size() < 2) {
      return LagStatus.WARN;
    }
    if (series.stream().allMatch(p -> p.committed() == first.committed())) {
      return series.stream().allMatch(p -> p.members() == 0) ? LagStatus.STOP : LagStatus.STALL;
    }
    return last.lag() < first.lag() ? LagStatus.OK : LagStatus.WARN;
  }

  /** The partition at {@code index} of the newest sample, through every sample that has it. */
  private static List<Point> series(
      List<LagSample> samples, List<TopicPartition> partitions, int index) {
    TopicPartition tp = partitions.get(index);
    List<Point> series = new ArrayList<>(samples.size());
    for (LagSample s : samples) {
      int at = s.partitions() == partitions ? index : s.indexOf(tp);
      if (at >= 0) {
        series.add(new Point(s.committed(at), s.lag(at), s.members));
      }
    }
    return series;
  }

  private static long moved(long first, long last) {
    if (first == LagSample.NO_COMMIT || last == LagSample.NO_COMMIT) {
      return 0;
    }
    return last - first;
  }
}
