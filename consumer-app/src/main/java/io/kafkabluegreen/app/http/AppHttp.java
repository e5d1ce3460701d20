package io.kafkabluegreen.app.http;

import io.javalin.Javalin;
import io.kafkabluegreen.app.metrics.AppMetrics;
import io.kafkabluegreen.lifecycle.ConsumerLifecycle;
import io.kafkabluegreen.lifecycle.http.LifecycleServer;
import io.prometheus.client.exporter.common.TextFormat;

/**
 * consumer-app's HTTP server: the lifecycle routes, {@code /metrics}, {@code /healthz}, {@code
 * /readyz}.
 */
public final class AppHttp {

  private AppHttp() {}

  public static Javalin create(ConsumerLifecycle<?, ?> lifecycle, AppMetrics metrics) {
    Javalin app = LifecycleServer.app(lifecycle);
    app.get(
        "/metrics", ctx -> ctx.contentType(TextFormat.CONTENT_TYPE_004).result(metrics.scrape()));
    return app;
  }
}
