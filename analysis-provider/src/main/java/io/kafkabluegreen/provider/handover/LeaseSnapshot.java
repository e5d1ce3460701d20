package io.kafkabluegreen.provider.handover;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.kafkabluegreen.lifecycle.lease.LeaseState;
import java.time.Instant;
import java.util.Optional;

/**
 * The active-color Lease as read: the decoded state and the object it came from, whose {@code
 * resourceVersion} is the precondition of the next compare-and-swap.
 */
public record LeaseSnapshot(Lease lease, LeaseState state) {

  public static LeaseSnapshot of(Lease lease) {
    return new LeaseSnapshot(lease, LeaseState.decode(lease));
  }

  /** When the Lease was last written ({@code spec.renewTime}), if known. */
  public Optional<Instant> writtenAt() {
    if (lease.getSpec() == null || lease.getSpec().getRenewTime() == null) {
      return Optional.empty();
    }
    return Optional.of(lease.getSpec().getRenewTime().toInstant());
  }
}
