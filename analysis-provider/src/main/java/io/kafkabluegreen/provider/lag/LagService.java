package io.kafkabluegreen.provider.lag;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers lag questions: reads offsets, applies the lag arithmetic, adds the time lag when asked,
 * and keeps the samples of the groups it was asked about for their status evaluation.
 */
public final class LagService {

  private static final Logger LOG = LoggerFactory.getLogger(LagService.class);

  private final LagReader reader;
  private final TimeLagReader timeLag;
  private final LagTracker tracker;
  private final LagOptions options;
  private final Duration timeout;
  private final LagMetrics metrics;
  private final Clock clock;
  private final Runnable kafkaAnswered;

  LagService(
      LagReader reader,
      TimeLagReader timeLag,
      LagTracker tracker,
      LagOptions options,
      Duration timeout,
      LagMetrics metrics,
      Clock clock,
      Runnable kafkaAnswered) {
    this.reader = reader;
    this.timeLag = timeLag;
    this.tracker = tracker;
    this.options = options;
    this.timeout = timeout;
    this.metrics = metrics;
    this.clock = clock;
    this.kafkaAnswered = kafkaAnswered;
  }

  /**
   * The lag of a group now; from then on the group is tracked.
   *
   * @throws LagNotFoundException unknown group or topic
   * @throws KafkaUnavailableException Kafka did not answer within the timeout
   */
  public LagReport lag(LagQuery query) {
    Deadline deadline = Deadline.in(timeout);
    LagReport report = read(query, deadline);
    tracker.touch(query.group());
    if (query.isSampleFor(options)) {
      tracker.offer(report);
    }
    return query.timeLag() ? withTimeLag(report, query, deadline) : report;
  }

  /**
   * The sliding-window evaluation of a group, reading a new sample first unless a recent one
   * exists.
   *
   * @throws LagNotFoundException unknown group
   * @throws KafkaUnavailableException Kafka did not answer within the timeout
   */
  public LagStatusReport status(String group) {
    List<LagSample> samples = tracker.hasFreshSample(group) ? tracker.samples(group) : List.of();
    if (samples.isEmpty()) {
      LagReport report = read(LagQuery.sampleOf(group, options), Deadline.in(timeout));
      tracker.touch(group);
      tracker.offer(report);
      samples = tracker.samples(group);
      if (samples.isEmpty()) {
        samples = List.of(LagSample.of(report, null)); // evicted meanwhile by other groups
      }
    } else {
      tracker.touch(group);
    }
    return LagEvaluator.evaluate(group, samples, options.okThreshold(), options.window());
  }

  /** Takes a sample of every tracked group that is due; run by the sampler thread. */
  void sampleTrackedGroups() {
    for (String group : tracker.groupsDueForSample()) {
      try {
        tracker.offer(read(LagQuery.sampleOf(group, options), Deadline.in(timeout)));
      } catch (LagNotFoundException e) {
        tracker.forget(group);
      } catch (KafkaUnavailableException e) {
        LOG.debug("Lag sampling skipped, Kafka unavailable: {}", e.getMessage());
        return;
      }
    }
  }

  private LagReport read(LagQuery query, Deadline deadline) {
    long start = System.nanoTime();
    String outcome = "error";
    try {
      OffsetSnapshot snapshot =
          reader.read(query.group(), query.topics(), query.isolation(), deadline);
      outcome = "ok";
      kafkaAnswered.run();
      return LagCalculator.compute(snapshot, query);
    } catch (LagNotFoundException e) {
      outcome = "not_found";
      kafkaAnswered.run();
      throw e;
    } catch (KafkaUnavailableException e) {
      outcome = "unavailable";
      throw e;
    } finally {
      metrics.observeRead(outcome, (System.nanoTime() - start) / 1e9);
    }
  }

  private LagReport withTimeLag(LagReport report, LagQuery query, Deadline deadline) {
    Map<TopicPartition, Long> positions = new HashMap<>();
    for (PartitionLag p : report.partitions()) {
      long next = p.nextOffset(query.uncommitted());
      if (p.lag() > 0 && next >= 0) {
        positions.put(new TopicPartition(p.topic(), p.partition()), next);
      }
    }
    TimeLagReader.Result read =
        timeLag.nextRecordTimestamps(positions, query.isolation(), deadline);
    long now = clock.millis();
    List<PartitionLag> timed = new ArrayList<>(report.partitions().size());
    Double max = 0.0;
    int unknown = 0;
    for (PartitionLag p : report.partitions()) {
      Double seconds = p.lag() == 0 ? Double.valueOf(0.0) : null;
      Long stamp = read.timestamps().get(new TopicPartition(p.topic(), p.partition()));
      if (p.lag() > 0 && stamp != null && stamp >= 0) {
        seconds = Math.max(0, now - stamp) / 1000.0;
      }
      String reason = null;
      if (seconds == null) {
        unknown++;
        reason =
            positions.containsKey(new TopicPartition(p.topic(), p.partition()))
                ? read.missingReason()
                : "the group would start at the end of this partition: no record to date";
      }
      // the group's time lag is only as good as its least known partition
      max = seconds == null || max == null ? null : Math.max(max, seconds);
      timed.add(p.withTimeLag(seconds, reason));
    }
    String groupReason =
        max == null
            ? unknown + " of " + report.partitions().size() + " partitions without a time lag"
            : null;
    return report.withTimeLag(timed, max, groupReason);
  }
}
