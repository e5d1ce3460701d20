package io.kafkabluegreen.lifecycle.lease;

/**
 * Every change the active-color Lease can undergo, by name (docs/design.md §4). The provider and
 * this library write the Lease only through these, so that its whole life reads as one list:
 * created Active, drained towards a target, flipped to it or rolled back, and re-targeted when a
 * switch got stuck. Each transition increments the epoch and keeps the read {@code
 * resourceVersion}, which makes the write that carries it a compare-and-swap.
 */
public enum LeaseTransition {
  /**
   * No Lease yet: the one creation rule. The Lease starts Active at epoch 1 (or one past the epoch
   * of a deleted Lease being re-created) naming who may consume: a pod names its own hash (the
   * first pod of a first deployment, or the holder re-creating a deleted Lease), the provider names
   * nobody ({@code ""}) because it cannot know that the group is empty.
   */
  CREATE,
  /** Active → Draining towards a target; the holder stays, as the one a roll back restores. */
  START_DRAIN,
  /** Draining towards one target → Draining towards another: a stuck switch taken over. */
  RETARGET,
  /** Draining → the target holds the Lease as Active: it may consume now. */
  FLIP,
  /** Draining → the holder is Active again: the switch was given up. */
  ROLL_BACK;

  /** {@link #CREATE}: the first state of a Lease naming {@code holder}. */
  public static LeaseState create(String holder) {
    return new LeaseState(holder, LeasePhase.ACTIVE, "", 1, null);
  }

  /** {@link #CREATE} again after a deletion: the epoch goes on from {@code deleted}'s. */
  public static LeaseState recreate(String holder, LeaseState deleted) {
    return new LeaseState(holder, LeasePhase.ACTIVE, "", deleted.epoch() + 1, null);
  }

  /**
   * The state this transition leads to from {@code from}.
   *
   * @param target the hash being switched to; used by {@link #START_DRAIN} and {@link #RETARGET}
   * @throws IllegalStateException when the transition does not start from {@code from}'s phase
   */
  public LeaseState apply(LeaseState from, String target) {
    return switch (this) {
      case CREATE -> throw new IllegalStateException("CREATE starts from no Lease; use create()");
      case START_DRAIN -> {
        require(from, LeasePhase.ACTIVE);
        yield from.next(from.holder(), LeasePhase.DRAINING, target);
      }
      case RETARGET -> {
        require(from, LeasePhase.DRAINING);
        yield from.next(from.holder(), LeasePhase.DRAINING, target);
      }
      case FLIP -> {
        require(from, LeasePhase.DRAINING);
        yield from.next(from.target(), LeasePhase.ACTIVE, "");
      }
      case ROLL_BACK -> {
        require(from, LeasePhase.DRAINING);
        yield from.next(from.holder(), LeasePhase.ACTIVE, "");
      }
    };
  }

  /** {@link #FLIP} and {@link #ROLL_BACK} need no target. */
  public LeaseState apply(LeaseState from) {
    return apply(from, from.target());
  }

  private void require(LeaseState from, LeasePhase phase) {
    if (from.phase() != phase) {
      throw new IllegalStateException(
          name() + " starts from a " + phase.wire() + " Lease, not " + from.phase().wire());
    }
  }
}
