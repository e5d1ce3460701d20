package io.kafkabluegreen.lifecycle.internal;

import io.kafkabluegreen.lifecycle.PauseResult;
import java.util.concurrent.CompletableFuture;

/** A request posted to the poll thread, the only thread that touches the KafkaConsumer. */
sealed interface Command {

  /** Completes the caller's future exceptionally, if the command has one. */
  default void fail(Throwable cause) {
    if (this instanceof Pause pause) {
      pause.done().completeExceptionally(cause);
    } else if (this instanceof Resume resume) {
      resume.done().completeExceptionally(cause);
    } else if (this instanceof Stop stop) {
      stop.done().completeExceptionally(cause);
    }
  }

  /** Drain and hold STANDBY until an explicit resume or a newer Lease that allows consuming. */
  record Pause(long requestedNanos, CompletableFuture<PauseResult> done) implements Command {}

  /** Clear the hold and subscribe, if the Lease allows this revision to consume. */
  record Resume(CompletableFuture<Void> done) implements Command {}

  /** The Lease changed: converge to the rule. */
  record LeaseChanged() implements Command {}

  /** Drain if active, then close the consumer. */
  record Stop(CompletableFuture<Void> done) implements Command {}
}
