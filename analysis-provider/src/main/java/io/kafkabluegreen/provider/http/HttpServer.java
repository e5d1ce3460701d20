package io.kafkabluegreen.provider.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import io.kafkabluegreen.common.http.ProblemHandlers;
import io.kafkabluegreen.provider.metrics.ProviderMetrics;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Builds the provider's Javalin app: JSON, problem+json errors, request metrics, health probes and
 * the feature routes. Starting and stopping stay with the caller.
 */
public final class HttpServer {

  private HttpServer() {}

  public static ObjectMapper objectMapper() {
    return new ObjectMapper()
        .registerModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
  }

  /**
   * @param ready answers {@code /readyz}: true only when the provider's dependencies answer
   */
  public static Javalin create(
      ProviderMetrics metrics, BooleanSupplier ready, List<Routes> routes) {
    return create(metrics, ready, routes, objectMapper());
  }

  /**
   * The same, writing every answer with {@code json} (one the caller also uses elsewhere: the
   * start-up warm-up writes a handover result with it, so that the first answer finds its
   * serializers built).
   */
  public static Javalin create(
      ProviderMetrics metrics, BooleanSupplier ready, List<Routes> routes, ObjectMapper json) {
    Javalin app =
        Javalin.create(
            config -> {
              config.showJavalinBanner = false;
              config.useVirtualThreads = false;
              config.http.defaultContentType = "application/json";
              config.jsonMapper(new JavalinJackson(json, false));
            });
    ProblemHandlers.register(app);
    metrics.instrument(app);
    app.get("/healthz", ctx -> ctx.json(java.util.Map.of("status", "UP")));
    app.get(
        "/readyz",
        ctx -> {
          boolean ok = ready.getAsBoolean();
          ctx.status(ok ? 200 : 503).json(java.util.Map.of("status", ok ? "READY" : "NOT_READY"));
        });
    routes.forEach(r -> r.register(app));
    return app;
  }
}
