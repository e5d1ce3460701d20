package io.kafkabluegreen.provider.http;

import io.javalin.Javalin;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /openapi.json}: the provider's API description, kept by hand in the resource {@code
 * openapi.json} next to the code that implements it (a test checks the two agree).
 */
public final class OpenApiRoutes implements Routes {

  static final String RESOURCE = "/openapi.json";

  private final String document;

  public OpenApiRoutes() {
    this.document = load();
  }

  @Override
  public void register(Javalin app) {
    app.get("/openapi.json", ctx -> ctx.contentType("application/json").result(document));
  }

  private static String load() {
    try (InputStream in = OpenApiRoutes.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("Resource " + RESOURCE + " is missing from the build");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
