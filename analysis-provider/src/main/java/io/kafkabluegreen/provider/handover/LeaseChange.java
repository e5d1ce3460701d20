package io.kafkabluegreen.provider.handover;

import io.kafkabluegreen.lifecycle.lease.LeaseState;
import io.kafkabluegreen.lifecycle.lease.LeaseTransition;
import java.util.function.Function;

/**
 * What one turn of {@link LeaseStore#change}'s compare-and-swap loop does with the Lease as it is
 * now: write a transition and go on from the written Lease, or stop with a value.
 *
 * @param <T> what the loop answers
 */
sealed interface LeaseChange<T> {

  /** Writes {@code next} (reached by {@code transition}); {@code then} carries on from it. */
  record Write<T>(LeaseTransition transition, LeaseState next, Function<LeaseSnapshot, T> then)
      implements LeaseChange<T> {}

  /** Writes {@code next}, then decides again from the written Lease (a create, say). */
  record WriteAndDecide<T>(LeaseTransition transition, LeaseState next) implements LeaseChange<T> {}

  /** Nothing (more) to write. */
  record Stop<T>(T value) implements LeaseChange<T> {}

  static <T> LeaseChange<T> write(
      LeaseTransition transition, LeaseState next, Function<LeaseSnapshot, T> then) {
    return new Write<>(transition, next, then);
  }

  static <T> LeaseChange<T> stop(T value) {
    return new Stop<>(value);
  }
}
