package io.kafkabluegreen.provider.lag;

import io.prometheus.client.Collector;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.GaugeMetricFamily;
import io.prometheus.client.Histogram;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Prometheus view of the lag feature. The gauges are computed at scrape time from the newest sample
 * of each tracked group, so a group that stops being tracked disappears from {@code /metrics} by
 * itself; the read histogram shows how long Kafka takes to answer.
 */
public final class LagMetrics extends Collector {

  private final LagTracker tracker;
  private final LagOptions options;
  private final Clock clock;
  private final Histogram reads;

  LagMetrics(LagTracker tracker, LagOptions options, Clock clock, CollectorRegistry registry) {
    this.tracker = tracker;
    this.options = options;
    this.clock = clock;
    this.reads =
        Histogram.build()
            .name("kafka_bluegreen_lag_read_duration_seconds")
            .help("Time to read a group's offsets from Kafka, by outcome.")
            .labelNames("outcome")
            .buckets(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
            .register(registry);
    register(registry);
  }

  void observeRead(String outcome, double seconds) {
    reads.labels(outcome).observe(seconds);
  }

  @Override
  public List<MetricFamilySamples> collect() {
    GaugeMetricFamily partitionLag =
        gauge(
            "kafka_bluegreen_consumer_lag_records",
            "Lag per partition of a tracked group.",
            "group",
            "topic",
            "partition");
    GaugeMetricFamily groupLag =
        gauge(
            "kafka_bluegreen_consumer_group_lag_records", "Total lag of a tracked group.", "group");
    GaugeMetricFamily maxLag =
        gauge("kafka_bluegreen_consumer_group_max_lag_records", "Largest partition lag.", "group");
    GaugeMetricFamily members =
        gauge("kafka_bluegreen_consumer_group_members", "Members of a tracked group.", "group");
    GaugeMetricFamily age =
        gauge(
            "kafka_bluegreen_consumer_group_sample_age_seconds",
            "Age of the newest lag sample of a tracked group.",
            "group");
    GaugeMetricFamily status =
        gauge(
            "kafka_bluegreen_consumer_group_status",
            "Sliding-window verdict of a tracked group: 1 for the current status, 0 otherwise.",
            "group",
            "status");
    for (Map.Entry<String, List<LagSample>> e : tracker.windows().entrySet()) {
      String group = e.getKey();
      List<LagSample> samples = e.getValue();
      LagSample newest = samples.get(samples.size() - 1);
      for (int i = 0; i < newest.partitions().size(); i++) {
        var tp = newest.partitions().get(i);
        partitionLag.addMetric(
            List.of(group, tp.topic(), Integer.toString(tp.partition())), newest.lag(i));
      }
      groupLag.addMetric(List.of(group), newest.totalLag());
      maxLag.addMetric(List.of(group), newest.maxLag());
      members.addMetric(List.of(group), newest.members);
      age.addMetric(
          List.of(group), Duration.between(newest.at, clock.instant()).toMillis() / 1000.0);
      LagStatus verdict =
          LagEvaluator.evaluate(group, samples, options.okThreshold(), options.window()).status();
      for (LagStatus s : LagStatus.values()) {
        status.addMetric(List.of(group, s.name()), s == verdict ? 1 : 0);
      }
    }
    return List.of(partitionLag, groupLag, maxLag, members, age, status);
  }

  private static GaugeMetricFamily gauge(String name, String help, String... labels) {
    return new GaugeMetricFamily(name, help, List.of(labels));
  }
}
