package io.kafkabluegreen.lifecycle.http;

import io.javalin.Javalin;
import io.kafkabluegreen.common.http.ProblemHandlers;
import io.kafkabluegreen.lifecycle.ConsumerLifecycle;
import java.util.Map;

/**
 * A small HTTP server of its own for hosts that have none: the lifecycle routes plus {@code
 * /healthz} and {@code /readyz}, with problem+json errors.
 */
public final class LifecycleServer implements AutoCloseable {

  private final Javalin app;

  private LifecycleServer(Javalin app) {
    this.app = app;
  }

  public static LifecycleServer start(
      ConsumerLifecycle<?, ?> lifecycle, String bindAddress, int port) {
    Javalin app = app(lifecycle);
    app.start(bindAddress, port);
    return new LifecycleServer(app);
  }

  /**
   * The server's app, not started: problem+json errors, {@code /healthz}, {@code /readyz} and the
   * lifecycle routes. A host that wants more routes (metrics, its own API) adds them to it.
   */
  public static Javalin app(ConsumerLifecycle<?, ?> lifecycle) {
    Javalin app =
        Javalin.create(
            config -> {
              config.showJavalinBanner = false;
              config.useVirtualThreads = false;
              config.http.defaultContentType = "application/json";
            });
    ProblemHandlers.register(app);
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

  public int port() {
    return app.port();
  }

  @Override
  public void close() {
    app.stop();
  }
}
