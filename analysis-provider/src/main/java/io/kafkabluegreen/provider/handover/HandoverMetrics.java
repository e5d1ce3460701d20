package io.kafkabluegreen.provider.handover;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.Gauge;
import io.prometheus.client.Histogram;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The handover's Prometheus metrics: step durations, outcomes, and which hash is active. */
public final class HandoverMetrics {

  private final Histogram stepSeconds;
  private final Counter handovers;
  private final Gauge activeHash;
  private final Map<String, List<String>> activeLabels = new ConcurrentHashMap<>();

  public HandoverMetrics(CollectorRegistry registry) {
    stepSeconds =
        Histogram.build()
            .name("kafka_bluegreen_handover_step_seconds")
            .help("Duration of each handover step (drain, verify, sync, activate, total).")
            .labelNames("step")
            .buckets(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)
            .register(registry);
    handovers =
        Counter.build()
            .name("kafka_bluegreen_handovers_total")
            .help("Handovers by strategy and result (active, failed, noop).")
            .labelNames("strategy", "result")
            .register(registry);
    activeHash =
        Gauge.build()
            .name("kafka_bluegreen_active_hash_info")
            .help("1 for the pod-template hash that holds each Rollout's Lease.")
            .labelNames("namespace", "rollout", "hash")
            .register(registry);
  }

  void record(HandoverResult result) {
    String outcome =
        switch (result.phase()) {
          case ACTIVE -> result.changed() ? "active" : "noop";
          case FAILED -> "failed";
          case IN_PROGRESS -> "in_progress";
        };
    handovers.labels(result.strategy(), outcome).inc();
    if (result.changed()) {
      HandoverResult.StepDurations d = result.durationsMs();
      observe("drain", d.drain());
      observe("verify", d.verify());
      observe("sync", d.sync());
      observe("activate", d.activate());
      stepSeconds.labels("total").observe(d.total() / 1000.0);
    }
    activeHash(result.namespace(), result.rollout(), result.activeHash());
  }

  /** Points the info gauge of this Rollout at {@code hash} (nothing when the hash is unknown). */
  void activeHash(String namespace, String rollout, String hash) {
    if (hash == null || hash.isEmpty()) {
      return;
    }
    List<String> labels = List.of(namespace, rollout, hash);
    List<String> before = activeLabels.put(namespace + "/" + rollout, labels);
    if (before != null && !before.equals(labels)) {
      activeHash.remove(before.toArray(String[]::new));
    }
    activeHash.labels(labels.toArray(String[]::new)).set(1);
  }

  private void observe(String step, long millis) {
    if (millis > 0) {
      stepSeconds.labels(step).observe(millis / 1000.0);
    }
  }
}
