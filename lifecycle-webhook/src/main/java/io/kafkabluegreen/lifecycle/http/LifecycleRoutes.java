package io.kafkabluegreen.lifecycle.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.kafkabluegreen.common.http.ApiException;
import io.kafkabluegreen.common.http.BearerAuth;
import io.kafkabluegreen.common.http.ProblemHandlers;
import io.kafkabluegreen.lifecycle.ConsumerLifecycle;
import io.kafkabluegreen.lifecycle.LifecycleException;
import java.time.Duration;

/**
 * {@code GET /lifecycle/status}, {@code POST /lifecycle/pause[?timeoutMs=N]} and {@code POST
 * /lifecycle/resume[?timeoutMs=N]} (lifecycle-webhook/README.md). Pause and resume need the bearer
 * token. Register on the host's Javalin app, which must have {@link ProblemHandlers} registered.
 */
public final class LifecycleRoutes {

  static final long MAX_TIMEOUT_MS = 600_000;

  private final ConsumerLifecycle<?, ?> lifecycle;
  private final BearerAuth auth;

  public LifecycleRoutes(ConsumerLifecycle<?, ?> lifecycle, BearerAuth auth) {
    this.lifecycle = lifecycle;
    this.auth = auth;
  }

  public void register(Javalin app) {
    app.get("/lifecycle/status", ctx -> ctx.json(lifecycle.status()));
    app.post("/lifecycle/pause", this::pause);
    app.post("/lifecycle/resume", this::resume);
  }

  private void pause(Context ctx) {
    auth.check(ctx);
    Duration timeout = timeout(ctx);
    try {
      ctx.json(lifecycle.pause(timeout));
    } catch (LifecycleException e) {
      throw toApi(e);
    }
  }

  private void resume(Context ctx) {
    auth.check(ctx);
    Duration timeout = timeout(ctx);
    try {
      ctx.json(lifecycle.resume(timeout));
    } catch (LifecycleException e) {
      throw toApi(e);
    }
  }

  private Duration timeout(Context ctx) {
    String raw = ctx.queryParam("timeoutMs");
    if (raw == null) {
      return lifecycle.options().drainTimeout();
    }
    try {
      long millis = Long.parseLong(raw.trim());
      if (millis >= 1 && millis <= MAX_TIMEOUT_MS) {
        return Duration.ofMillis(millis);
      }
    } catch (NumberFormatException e) {
      // reported below with the accepted range
    }
    throw ApiException.badRequest(
        "timeoutMs",
        "timeoutMs must be a whole number of milliseconds from 1 to " + MAX_TIMEOUT_MS);
  }

  private static ApiException toApi(LifecycleException e) {
    return switch (e.reason()) {
      case NOT_HOLDER, STOPPED -> ApiException.conflict(e.getMessage());
      case TIMEOUT -> ApiException.timeout(e.getMessage(), null);
      case UNAVAILABLE -> ApiException.unavailable(e.getMessage(), Duration.ofSeconds(1), null);
    };
  }
}
