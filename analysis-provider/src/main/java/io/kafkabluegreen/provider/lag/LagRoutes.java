package io.kafkabluegreen.provider.lag;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.kafkabluegreen.common.http.ApiException;
import io.kafkabluegreen.provider.http.Routes;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /v1/lag} and {@code GET /v1/lag/status}: Argo Rollouts' web metric endpoints. A
 * measurable result is always 200 with JSON, whether the lag is good or bad; errors are
 * problem+json: 400 bad parameters, 404 unknown group or topic, 503 Kafka unreachable. {@code
 * detail=totals} answers {@link LagTotals} instead of the per-partition {@link LagReport}.
 */
public final class LagRoutes implements Routes {

  private static final Logger LOG = LoggerFactory.getLogger(LagRoutes.class);

  /** Argo retries an errored measurement after its interval anyway; this is a hint for others. */
  static final Duration RETRY_AFTER = Duration.ofSeconds(5);

  private final LagService service;
  private final LagOptions options;

  LagRoutes(LagService service, LagOptions options) {
    this.service = service;
    this.options = options;
  }

  @Override
  public void register(Javalin app) {
    app.get("/v1/lag", this::lag);
    app.get("/v1/lag/status", this::status);
  }

  private void lag(Context ctx) {
    LagQuery query = LagParams.lagQuery(ctx.queryParamMap(), options);
    LagReport report;
    try {
      report = service.lag(query);
    } catch (RuntimeException e) {
      throw translate(e, query.group());
    }
    byte[] body =
        query.detail() == LagDetail.TOTALS
            ? LagJson.write(LagTotals.of(report, query.timeLag()), query.timeLag())
            : LagJson.write(report, query.timeLag());
    ctx.header("Cache-Control", "no-store").contentType("application/json").result(body);
  }

  private void status(Context ctx) {
    String group = LagParams.statusGroup(ctx.queryParamMap());
    try {
      ctx.header("Cache-Control", "no-store").json(service.status(group));
    } catch (RuntimeException e) {
      throw translate(e, group);
    }
  }

  private static RuntimeException translate(RuntimeException e, String group) {
    if (e instanceof LagNotFoundException) {
      return ApiException.notFound(e.getMessage());
    }
    if (e instanceof KafkaUnavailableException) {
      LOG.warn("Kafka unavailable while reading the lag of group '{}': {}", group, e.getMessage());
      return ApiException.unavailable(e.getMessage(), RETRY_AFTER, e);
    }
    return e;
  }
}
