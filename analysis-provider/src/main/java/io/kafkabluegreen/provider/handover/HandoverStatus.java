package io.kafkabluegreen.provider.handover;

import io.kafkabluegreen.lifecycle.lease.LeaseState;
import io.kafkabluegreen.provider.rollout.ManagedRollout;
import java.time.Instant;
import java.util.Optional;

/**
 * The body of {@code GET …/handover}: what Argo decided, what the Lease says, and this provider's
 * running and last handover of the Rollout.
 *
 * @param namespace the Rollout's namespace
 * @param rollout the Rollout's name
 * @param consumerGroup the group annotation
 * @param strategy pause-resume or offset-sync
 * @param desiredHash the hash Argo wants active (stableRS when aborted, else activeSelector), null
 *     before Argo has chosen
 * @param leaseName the active-color Lease
 * @param lease the Lease's state, null when it does not exist
 * @param running the handover running in this provider, null if none
 * @param last the last handover this provider finished, null if none since it started
 */
public record HandoverStatus(
    String namespace,
    String rollout,
    String consumerGroup,
    String strategy,
    String desiredHash,
    String leaseName,
    LeaseView lease,
    HandoverResult running,
    HandoverResult last) {

  /**
   * @param holder the active hash ({@code spec.holderIdentity}), empty if none
   * @param phase Active or Draining
   * @param target the hash being switched to, empty if none
   * @param epoch increments on every change
   * @param writtenAt when it was last written ({@code spec.renewTime})
   */
  public record LeaseView(
      String holder, String phase, String target, long epoch, Instant writtenAt) {
    static LeaseView of(LeaseSnapshot snapshot) {
      LeaseState state = snapshot.state();
      return new LeaseView(
          state.holder(),
          state.phase().wire(),
          state.target(),
          state.epoch(),
          snapshot.writtenAt().orElse(null));
    }
  }

  static HandoverStatus of(
      ManagedRollout rollout,
      Optional<LeaseSnapshot> lease,
      Optional<HandoverResult> running,
      Optional<HandoverResult> last) {
    return new HandoverStatus(
        rollout.ref().namespace(),
        rollout.ref().name(),
        rollout.consumerGroup(),
        rollout.strategy().wire(),
        rollout.desiredHash().orElse(null),
        rollout.leaseName(),
        lease.map(LeaseView::of).orElse(null),
        running.orElse(null),
        last.orElse(null));
  }
}
