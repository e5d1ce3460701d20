package io.kafkabluegreen.provider.handover;

import io.kafkabluegreen.lifecycle.lease.LeasePhase;
import io.kafkabluegreen.lifecycle.lease.LeaseState;
import io.kafkabluegreen.lifecycle.lease.LeaseTransition;
import java.util.Optional;

/**
 * The table of DESIGN.md "States and decisions": what a handover to a target does with the Lease it
 * found. Kept as data (a pure function of the Lease, the target and whether a Draining Lease is
 * fresh) so that a test walks it row by row; {@link HandoverService} only carries the rows out.
 */
enum LeaseDecision {
  /** {@code holder=H, Active}: done if H owns the work, else activate. */
  ALREADY_HOLDER(null),
  /** {@code holder=H, Draining} towards nobody, H, or (stale) another hash: H is Active again. */
  RESTORE_HOLDER(LeaseTransition.ROLL_BACK),
  /** {@code holder=O, Draining, target=H}: a switch to H under way or interrupted; go on. */
  CONTINUE_SWITCH(null),
  /** Draining towards another hash, written recently: a live switch elsewhere; answer 409. */
  REFUSE(null),
  /** {@code holder=O, Draining, target=T≠H}, stale: take the stuck switch over towards H. */
  RETARGET(LeaseTransition.RETARGET),
  /** {@code holder=O≠H, Active}: start the switch. */
  START_DRAIN(LeaseTransition.START_DRAIN);

  private final LeaseTransition write;

  LeaseDecision(LeaseTransition write) {
    this.write = write;
  }

  /** The transition to write before carrying the decision out, if any. */
  Optional<LeaseTransition> write() {
    return Optional.ofNullable(write);
  }

  /**
   * @param lease what the Lease says
   * @param target the hash the handover is for
   * @param drainFresh whether a Draining Lease was written less than {@code staleDrainAfter} ago
   */
  static LeaseDecision of(LeaseState lease, String target, boolean drainFresh) {
    boolean draining = lease.phase() == LeasePhase.DRAINING;
    if (lease.holder().equals(target)) {
      if (!draining) {
        return ALREADY_HOLDER;
      }
      boolean elsewhere = !lease.target().isEmpty() && !lease.target().equals(target);
      return elsewhere && drainFresh ? REFUSE : RESTORE_HOLDER;
    }
    if (!draining) {
      return START_DRAIN;
    }
    if (lease.target().equals(target)) {
      return CONTINUE_SWITCH;
    }
    return drainFresh ? REFUSE : RETARGET;
  }
}
