package io.kafkabluegreen.provider.handover;

import io.kafkabluegreen.lifecycle.lease.LeaseState;
import io.kafkabluegreen.provider.rollout.ManagedRollout;
import io.kafkabluegreen.provider.rollout.StrategyName;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/**
 * What differs between the ways a Rollout's consumption moves from one revision to another. The
 * engine ({@link HandoverService}, {@link Switchover}, {@link Activation}) owns the Lease, the
 * order of the steps and Kafka's proof that nobody consumes; a strategy only says how its side of
 * each step is done. The engine guarantees the order: {@link #stopOthers}, {@link #awaitStopped}
 * and an empty {@link #groupsToEmpty} come before {@link #copy}, the Lease flip, and {@link
 * #start}; so a strategy never starts the target while another revision may still consume.
 *
 * <p>Every method is bounded (by its timeout or the strategy's own request bounds) and reports a
 * failure as an answer ({@code Optional<String>} reasons) or as {@link
 * KafkaUnavailableException}/{@link
 * io.kafkabluegreen.provider.rollout.KubernetesUnavailableException}/{@link HandoverStepException},
 * which the engine turns into a rollback before the flip.
 */
public interface HandoverStrategy {

  /** The annotation value that selects this strategy. */
  StrategyName name();

  /** The consumer group revision {@code hash} consumes with. */
  String groupOf(ManagedRollout rollout, String hash);

  /** The groups that must have no member before the target may start. */
  default List<String> groupsToEmpty(ManagedRollout rollout, String previous, String target) {
    return List.of(groupOf(rollout, target));
  }

  /**
   * Drain: tells every revision but the run's target to stop, and records on {@code run} what each
   * answered. Does not fail by itself on a side that did not answer: {@link #awaitStopped} and
   * Kafka are the judges.
   */
  void stopOthers(HandoverRun run, String previous);

  /**
   * Verify, the strategy's half: waits until the strategy's own source confirms that the other
   * revisions stopped (Kafka's group emptiness is checked by the engine after this).
   *
   * @return empty when confirmed, else why not
   */
  default Optional<String> awaitStopped(HandoverRun run, String previous, Duration timeout) {
    return Optional.empty();
  }

  /**
   * Sync: while the previous and the target revision are both stopped, makes the target start where
   * the previous one stopped.
   *
   * @return how many positions were copied; empty when this strategy copies nothing
   */
  default OptionalInt copy(HandoverRun run, String previous) {
    return OptionalInt.empty();
  }

  /**
   * Activate, first half: tells the target's side to start. The Lease already names it.
   *
   * @return completes once every start call has answered and was recorded in {@code run}; the
   *     engine waits for ownership meanwhile. A side that obeys the Lease on its own (C's and B's
   *     pods) returns as soon as the calls are sent; one that runs only once told (a connector)
   *     returns after the call.
   */
  CompletableFuture<Void> start(HandoverRun run);

  /**
   * Activate, the strategy's half of the confirmation (the engine then waits until the target's
   * members own every partition).
   *
   * @return empty when started, else why not
   */
  default Optional<String> awaitStarted(HandoverRun run, Duration timeout) {
    return Optional.empty();
  }

  /** Rollback: tells the previous holder's side to start again; {@code previous} is not empty. */
  void restart(HandoverRun run, String previous);

  /** Attributes group members to revisions, for the ownership checks. */
  MemberColors colors(ManagedRollout rollout, String target, LeaseState lease);

  /**
   * Whether revision {@code hash}'s side runs, given that the Lease names it Active. Pods of
   * strategies C and B obey the Lease on their own, so yes; a connector does not, so the watcher
   * asks, and hands over again (which resumes it) when a resume after the flip was lost. Answers
   * true when it cannot tell, so that an unreachable side is not retried in a loop.
   */
  default boolean started(ManagedRollout rollout, String hash) {
    return true;
  }

  /**
   * Whether the other revisions' members may stay in the groups holding nothing (strategy C's
   * standby membership), so that verify asks for every partition released instead of empty groups.
   * Strategies that rewrite a group's offsets need it empty (Kafka refuses otherwise).
   */
  default boolean membersMayStay() {
    return false;
  }

  /** Housekeeping once the Rollout settled and the Lease agrees with it (B: old groups). */
  default void cleanUp(ManagedRollout rollout, LeaseState lease) {}
}
