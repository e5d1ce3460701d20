package io.kafkabluegreen.app.metrics;

import io.kafkabluegreen.lifecycle.LifecycleState;
import io.prometheus.client.Collector;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.GaugeMetricFamily;
import io.prometheus.client.Histogram;
import io.prometheus.client.exporter.common.TextFormat;
import io.prometheus.client.hotspot.DefaultExports;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Supplier;

/**
 * consumer-app's Prometheus metrics, on a registry of its own (several apps can share a JVM in
 * tests): records processed and failed by hash, processing time, and the lifecycle state.
 */
public final class AppMetrics {

  private final CollectorRegistry registry = new CollectorRegistry(true);
  private final Counter.Child processed;
  private final Counter.Child failed;
  private final Histogram.Child processing;

  public AppMetrics(String hash, Supplier<LifecycleState> state) {
    DefaultExports.register(registry);
    processed =
        Counter.build()
            .name("kafka_bluegreen_consumer_records_processed_total")
            .help("Records processed successfully, by pod-template hash.")
            .labelNames("hash")
            .register(registry)
            .labels(hash);
    failed =
        Counter.build()
            .name("kafka_bluegreen_consumer_records_failed_total")
            .help("Record processing attempts that failed, by pod-template hash.")
            .labelNames("hash")
            .register(registry)
            .labels(hash);
    processing =
        Histogram.build()
            .name("kafka_bluegreen_consumer_processing_seconds")
            .help("Time to process one record, by pod-template hash.")
            .labelNames("hash")
            .buckets(0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5)
            .register(registry)
            .labels(hash);
    new StateCollector(hash, state).register(registry);
  }

  public void processed(long startNanos) {
    processed.inc();
    processing.observe((System.nanoTime() - startNanos) / 1e9);
  }

  public void failed(long startNanos) {
    failed.inc();
    processing.observe((System.nanoTime() - startNanos) / 1e9);
  }

  public String scrape() {
    StringWriter out = new StringWriter();
    try {
      TextFormat.write004(out, registry.metricFamilySamples());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** One series per state, 1 for the current one: easy to alert on and to graph as a timeline. */
  private static final class StateCollector extends Collector implements Collector.Describable {
    private final String hash;
    private final Supplier<LifecycleState> state;

    StateCollector(String hash, Supplier<LifecycleState> state) {
      this.hash = hash;
      this.state = state;
    }

    @Override
    public List<MetricFamilySamples> describe() {
      return List.of(family());
    }

    private GaugeMetricFamily family() {
      return new GaugeMetricFamily(
          "kafka_bluegreen_consumer_lifecycle_state",
          "1 for the lifecycle state this consumer is in, by hash.",
          List.of("hash", "state"));
    }

    @Override
    public List<MetricFamilySamples> collect() {
      GaugeMetricFamily family = family();
      LifecycleState now = state.get();
      for (LifecycleState s : LifecycleState.values()) {
        family.addMetric(List.of(hash, s.name()), s == now ? 1 : 0);
      }
      return List.of(family);
    }
  }
}
