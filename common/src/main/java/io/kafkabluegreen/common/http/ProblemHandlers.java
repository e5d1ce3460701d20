package io.kafkabluegreen.common.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure of a Javalin app into {@code application/problem+json}: {@link ApiException}s
 * as they are, Javalin's own errors (unknown route, wrong method) with their status, and anything
 * unexpected as a 500 whose detail carries only the request id that is logged with it.
 */
public final class ProblemHandlers {

  private static final Logger LOG = LoggerFactory.getLogger(ProblemHandlers.class);
  public static final String REQUEST_ID_HEADER = "X-Request-Id";

  private ProblemHandlers() {}

  public static void register(Javalin app) {
    app.before(ctx -> ctx.header(REQUEST_ID_HEADER, requestId(ctx)));
    app.exception(ApiException.class, (e, ctx) -> write(ctx, e));
    app.exception(
        HttpResponseException.class,
        (e, ctx) ->
            write(
                ctx,
                new ApiException(
                    e.getStatus(),
                    "http-" + e.getStatus(),
                    e.getMessage(),
                    e.getMessage(),
                    List.of(),
                    null,
                    e) {}));
    app.exception(
        Exception.class,
        (e, ctx) -> {
          String id = requestId(ctx);
          LOG.error("Unexpected error on {} {} (request {})", ctx.method(), ctx.path(), id, e);
          write(
              ctx,
              new ApiException(
                  500,
                  "internal",
                  "Internal error",
                  "Unexpected error; see the server log for request " + id,
                  List.of(),
                  null,
                  null) {});
        });
    app.error(
        404,
        ctx -> {
          if (ctx.resultInputStream() == null) {
            write(ctx, ApiException.notFound("No route for " + ctx.method() + " " + ctx.path()));
          }
        });
  }

  public static void write(Context ctx, ApiException e) {
    if (e.status() < 500) {
      LOG.debug("{} {} -> {}: {}", ctx.method(), ctx.path(), e.status(), e.getMessage());
    }
    e.retryAfter()
        .ifPresent(d -> ctx.header("Retry-After", Long.toString(Math.max(1, d.toSeconds()))));
    ctx.status(e.status()).json(e.toProblem(ctx.path())).contentType(ProblemDetail.CONTENT_TYPE);
  }

  /** The caller's request id if it sent one, otherwise one made for this request. */
  public static String requestId(Context ctx) {
    String id = ctx.attribute(REQUEST_ID_HEADER);
    if (id == null) {
      String sent = ctx.header(REQUEST_ID_HEADER);
      id =
          sent != null && sent.matches("[A-Za-z0-9._-]{1,64}")
              ? sent
              : UUID.randomUUID().toString();
      ctx.attribute(REQUEST_ID_HEADER, id);
    }
    return id;
  }
}
