package io.kafkabluegreen.provider.http;

import io.javalin.Javalin;

/** A group of HTTP handlers for one feature; registered on the app at start. */
public interface Routes {
  void register(Javalin app);
}
