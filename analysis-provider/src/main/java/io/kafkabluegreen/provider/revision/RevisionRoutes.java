package io.kafkabluegreen.provider.revision;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.kafkabluegreen.common.http.ApiException;
import io.kafkabluegreen.common.http.FieldError;
import io.kafkabluegreen.provider.http.Routes;
import io.kafkabluegreen.provider.rollout.KubernetesUnavailableException;
import io.kafkabluegreen.provider.rollout.ManagedRollout;
import io.kafkabluegreen.provider.rollout.PodHash;
import io.kafkabluegreen.provider.rollout.RolloutReader;
import io.kafkabluegreen.provider.rollout.RolloutRef;
import io.kafkabluegreen.provider.rollout.StrategyName;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/rollouts/{namespace}/{rollout}/revisions/{hash}}: readiness and health of one
 * revision, for pre- and post-promotion analyses. Read-only, so open (docs/design.md §8).
 */
public final class RevisionRoutes implements Routes {

  public static final String PATH = "/v1/rollouts/{namespace}/{rollout}/revisions/{hash}";
  private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

  private final RolloutReader rollouts;
  private final Map<StrategyName, RevisionHealthReader> readers;
  private final RevisionHealthReader fallback;

  /**
   * @param fallback the reader of lifecycle-webhook pods (strategies C and B)
   * @param readers readers for strategies whose pods are something else (E: Connect workers)
   */
  public RevisionRoutes(
      RolloutReader rollouts,
      RevisionHealthReader fallback,
      Map<StrategyName, RevisionHealthReader> readers) {
    this.rollouts = rollouts;
    this.fallback = fallback;
    this.readers = Map.copyOf(readers);
  }

  @Override
  public void register(Javalin app) {
    app.get(PATH, this::revision);
  }

  private void revision(Context ctx) {
    String namespace = ctx.pathParam("namespace");
    String name = ctx.pathParam("rollout");
    String hash = ctx.pathParam("hash");
    List<FieldError> errors = new ArrayList<>(RolloutRef.problems(namespace, name));
    if (!PodHash.isValid(hash)) {
      errors.add(
          new FieldError(
              "hash", "must be a pod-template hash (" + PodHash.SYNTAX + "), got '" + hash + "'"));
    }
    if (!errors.isEmpty()) {
      throw ApiException.badRequest("Invalid revision request", errors);
    }
    ManagedRollout rollout = rollouts.require(new RolloutRef(namespace, name));
    try {
      ctx.json(readers.getOrDefault(rollout.strategy(), fallback).health(rollout, hash));
    } catch (KubernetesUnavailableException e) {
      throw ApiException.unavailable(e.getMessage(), RETRY_AFTER, e);
    }
  }
}
