package io.kafkabluegreen.provider.handover;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.kafkabluegreen.common.http.ApiException;
import io.kafkabluegreen.common.http.BearerAuth;
import io.kafkabluegreen.common.http.FieldError;
import io.kafkabluegreen.provider.http.Routes;
import io.kafkabluegreen.provider.rollout.KubernetesUnavailableException;
import io.kafkabluegreen.provider.rollout.ManagedRollout;
import io.kafkabluegreen.provider.rollout.PodHash;
import io.kafkabluegreen.provider.rollout.RolloutReader;
import io.kafkabluegreen.provider.rollout.RolloutRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code POST /v1/rollouts/{namespace}/{rollout}/handover?to=HASH[&waitMs=N]} runs (or joins) a
 * handover and answers its result with 200 — Active, Failed, or InProgress when it outlasts the
 * wait. {@code GET} on the same path answers the Lease and the last handover. See {@code
 * provider/handover/DESIGN.md} for the JSON.
 */
public final class HandoverRoutes implements Routes {

  public static final String PATH = "/v1/rollouts/{namespace}/{rollout}/handover";
  private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

  private final RolloutReader rollouts;
  private final LeaseStore leases;
  private final HandoverCoordinator coordinator;
  private final BearerAuth auth;
  private final Duration defaultWait;

  public HandoverRoutes(
      RolloutReader rollouts,
      LeaseStore leases,
      HandoverCoordinator coordinator,
      BearerAuth auth,
      Duration defaultWait) {
    this.rollouts = rollouts;
    this.leases = leases;
    this.coordinator = coordinator;
    this.auth = auth;
    this.defaultWait = defaultWait;
  }

  @Override
  public void register(Javalin app) {
    app.post(PATH, this::handover);
    app.get(PATH, this::status);
  }

  private void handover(Context ctx) {
    auth.check(ctx);
    List<FieldError> errors = new ArrayList<>(refProblems(ctx));
    String to = ctx.queryParam("to");
    if (to == null || to.isBlank()) {
      errors.add(new FieldError("to", "the target pod-template hash is required"));
    } else if (!PodHash.isValid(to)) {
      errors.add(
          new FieldError(
              "to", "must be a pod-template hash (" + PodHash.SYNTAX + "), got '" + to + "'"));
    }
    Duration wait = waitParam(ctx, errors);
    if (!errors.isEmpty()) {
      throw ApiException.badRequest("Invalid handover request", errors);
    }
    ManagedRollout rollout = rollouts.require(ref(ctx));
    HandoverCoordinator.Running running;
    try {
      running = coordinator.start(rollout, to, "api");
    } catch (HandoverConflictException e) {
      throw ApiException.conflict(e.getMessage());
    }
    try {
      ctx.json(running.result().get(wait.toMillis(), TimeUnit.MILLISECONDS));
    } catch (TimeoutException e) {
      ctx.json(running.run().snapshot());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ctx.json(running.run().snapshot());
    } catch (ExecutionException e) {
      throw translate(e.getCause());
    }
  }

  private void status(Context ctx) {
    List<FieldError> errors = refProblems(ctx);
    if (!errors.isEmpty()) {
      throw ApiException.badRequest("Invalid rollout reference", errors);
    }
    ManagedRollout rollout = rollouts.require(ref(ctx));
    try {
      ctx.json(
          HandoverStatus.of(
              rollout,
              leases.read(rollout.ref().namespace(), rollout.leaseName()),
              coordinator.running(rollout.ref()).map(r -> r.run().snapshot()),
              coordinator.last(rollout.ref())));
    } catch (KubernetesUnavailableException e) {
      throw ApiException.unavailable(e.getMessage(), RETRY_AFTER, e);
    }
  }

  private Duration waitParam(Context ctx, List<FieldError> errors) {
    String value = ctx.queryParam("waitMs");
    if (value == null || value.isBlank()) {
      return defaultWait;
    }
    try {
      long millis = Long.parseLong(value.trim());
      if (millis >= 0 && millis <= HandoverOptions.MAX_REQUEST_WAIT.toMillis()) {
        return Duration.ofMillis(millis);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    errors.add(
        new FieldError(
            "waitMs",
            "must be a whole number of milliseconds between 0 and "
                + HandoverOptions.MAX_REQUEST_WAIT.toMillis()
                + ", got '"
                + value
                + "'"));
    return defaultWait;
  }

  private static RuntimeException translate(Throwable cause) {
    if (cause instanceof HandoverConflictException conflict) {
      return ApiException.conflict(conflict.getMessage());
    }
    if (cause instanceof KubernetesUnavailableException
        || cause instanceof KafkaUnavailableException) {
      return ApiException.unavailable(cause.getMessage(), RETRY_AFTER, cause);
    }
    if (cause instanceof RuntimeException runtime) {
      return runtime;
    }
    return new IllegalStateException(cause);
  }

  private static List<FieldError> refProblems(Context ctx) {
    return RolloutRef.problems(ctx.pathParam("namespace"), ctx.pathParam("rollout"));
  }

  private static RolloutRef ref(Context ctx) {
    return new RolloutRef(ctx.pathParam("namespace"), ctx.pathParam("rollout"));
  }
}
