package io.kafkabluegreen.lifecycle.internal;

import io.kafkabluegreen.lifecycle.lease.LeaseState;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this pod may be a group member: the Lease allows its hash (docs/design.md §4) and no
 * explicit pause holds it. An explicit pause holds until an explicit resume that the Lease allows,
 * or until a Lease change with a higher epoch than the one seen at the pause allows this hash again
 * (the provider's rollback). Used only on the poll thread.
 */
final class MembershipRule {

  private static final Logger LOG = LoggerFactory.getLogger(MembershipRule.class);

  private final String hash;
  private final Supplier<Optional<LeaseState>> lease;
  private boolean held;
  private long heldAtEpoch = -1;

  MembershipRule(String hash, Supplier<Optional<LeaseState>> lease) {
    this.hash = hash;
    this.lease = lease;
  }

  boolean allowed() {
    return !held && leaseAllows();
  }

  boolean held() {
    return held;
  }

  boolean leaseAllows() {
    return lease.get().map(l -> l.allowsConsumption(hash)).orElse(false);
  }

  void hold() {
    held = true;
    heldAtEpoch = lease.get().map(LeaseState::epoch).orElse(-1L);
  }

  /** An explicit resume: lifts the hold if the Lease allows; false (still held) otherwise. */
  boolean release() {
    if (!leaseAllows()) {
      return false;
    }
    held = false;
    return true;
  }

  /**
   * Whether the explicit pause still holds under {@code l}: a newer epoch that allows this hash
   * lifts it ({@link #leaseChanged} does so once the poll thread handles the change; a JoinGroup
   * sent before that must already tell the leader the member is free, or it gets nothing and asks
   * again).
   */
  boolean holdsUnder(Optional<LeaseState> l) {
    return held && !(l.isPresent() && lifts(l.get()));
  }

  private boolean lifts(LeaseState l) {
    return l.epoch() > heldAtEpoch && l.allowsConsumption(hash);
  }

  void leaseChanged() {
    Optional<LeaseState> now = lease.get();
    if (held && now.isPresent() && lifts(now.get())) {
      LOG.info(
          "Lease epoch {} allows {} again: the explicit pause is lifted", now.get().epoch(), hash);
      held = false;
    }
  }

  String describeLease() {
    return lease
        .get()
        .map(l -> "holder=" + l.holder() + ", phase=" + l.phase().wire() + ", epoch=" + l.epoch())
        .orElse("not read yet");
  }
}
