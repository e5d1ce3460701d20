package io.kafkabluegreen.common.http;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Guards mutating endpoints with {@code Authorization: Bearer <token>}. The comparison is
 * constant-time and the token is never logged or echoed. With no token configured the guard is
 * open, which is only meant for local development.
 */
public final class BearerAuth {

  private static final String PREFIX = "Bearer ";
  private final byte[] expected;

  public BearerAuth(Optional<String> token) {
    this.expected = token.map(t -> t.getBytes(StandardCharsets.UTF_8)).orElse(null);
  }

  public boolean enabled() {
    return expected != null;
  }

  /** Throws 401 when no bearer token is sent, 403 when the token is wrong. */
  public void check(Context ctx) {
    if (expected == null) {
      return;
    }
    String header = ctx.header("Authorization");
    if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      ctx.header("WWW-Authenticate", "Bearer");
      throw ApiException.unauthorized("This endpoint requires 'Authorization: Bearer <token>'");
    }
    byte[] given = header.substring(PREFIX.length()).trim().getBytes(StandardCharsets.UTF_8);
    if (!MessageDigest.isEqual(expected, given)) {
      throw ApiException.forbidden("The bearer token is not valid for this endpoint");
    }
  }
}
