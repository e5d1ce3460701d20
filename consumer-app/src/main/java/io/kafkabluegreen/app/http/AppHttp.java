package io.kafkabluegreen.app.http;

import io.javalin.Javalin;
import io.kafkabluegreen.app.metrics.AppMetrics;
import io.kafkabluegreen.lifecycle.ConsumerLifecycle;
import io.kafkabluegreen.lifecycle.http.ProblemHandlers;
import io.prometheus.client.exporter.common.TextFormat;
import java.util.Map;

/**
 * consumer-app's HTTP server: the lifecycle routes, {@code /metrics}, {@code /healthz}, {@code
 * /readyz}.
 */
public final class AppHttp {

  private AppHttp() {}

  public static Javalin create(ConsumerLifecycle<?, ?> lifecycle, AppMetrics metrics) {
    Javalin app =
        Javalin.create(
            config -> {
              config.showJavalinBanner = false;
              config.useVirtualThreads = false;
              config.http.defaultContentType = "application/json";
            });
    ProblemHandlers.register(app);
    app.get(
        "/metrics", ctx -> ctx.contentType(TextFormat.CONTENT_TYPE_004).result(metrics.scrape()));
    app.get(
        "/healthz",
        ctx -> {
          boolean ok = lifecycle.healthy();
          ctx.status(ok ? 200 : 503).json(Map.of("status", ok ? "UP" : "DOWN"));
        });
    app.get(
        "/readyz",
        ctx -> {
          boolean ok = lifecycle.ready();
          ctx.status(ok ? 200 : 503)
              .json(Map.of("status", ok ? "READY" : "NOT_READY", "state", lifecycle.state()));
        });
    lifecycle.routes().register(app);
    return app;
  }
}
