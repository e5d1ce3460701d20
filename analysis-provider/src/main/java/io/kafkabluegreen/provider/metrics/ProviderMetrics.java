package io.kafkabluegreen.provider.metrics;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Histogram;
import io.prometheus.client.exporter.common.TextFormat;
import io.prometheus.client.hotspot.DefaultExports;
import java.io.StringWriter;

/**
 * The provider's Prometheus registry. Each instance owns its registry so that several providers can
 * run in one JVM (tests); feature packages register their collectors on {@link #registry()}.
 */
public final class ProviderMetrics {

  private static final String START = "kafka-bluegreen.request-start";

  private final CollectorRegistry registry;
  private final Histogram requestDuration;

  public ProviderMetrics() {
    this(new CollectorRegistry(true));
    DefaultExports.register(registry);
  }

  private ProviderMetrics(CollectorRegistry registry) {
    this.registry = registry;
    this.requestDuration =
        Histogram.build()
            .name("kafka_bluegreen_http_request_duration_seconds")
            .help("HTTP request duration by route and status.")
            .labelNames("method", "route", "status")
            .buckets(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
            .register(registry);
  }

  public CollectorRegistry registry() {
    return registry;
  }

  /** Times every request by its route template (not the raw path, to keep cardinality bounded). */
  public void instrument(Javalin app) {
    app.before(ctx -> ctx.attribute(START, System.nanoTime()));
    app.after(
        ctx -> {
          Long start = ctx.attribute(START);
          if (start != null) {
            requestDuration
                .labels(ctx.method().name(), route(ctx), Integer.toString(ctx.statusCode()))
                .observe((System.nanoTime() - start) / 1e9);
          }
        });
    app.get("/metrics", this::scrape);
  }

  private void scrape(Context ctx) {
    StringWriter out = new StringWriter();
    try {
      TextFormat.write004(out, registry.metricFamilySamples());
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    ctx.contentType(TextFormat.CONTENT_TYPE_004).result(out.toString());
  }

  private static String route(Context ctx) {
    String template = ctx.endpointHandlerPath();
    return template == null || template.isEmpty() ? "unmatched" : template;
  }
}
