package io.kafkabluegreen.provider.pauseresume;

import io.kafkabluegreen.lifecycle.lease.LeaseState;
import io.kafkabluegreen.provider.handover.HandoverRun;
import io.kafkabluegreen.provider.handover.HandoverStrategy;
import io.kafkabluegreen.provider.handover.MemberColors;
import io.kafkabluegreen.provider.pods.PodCall;
import io.kafkabluegreen.provider.pods.PodCommands;
import io.kafkabluegreen.provider.pods.PodLocator;
import io.kafkabluegreen.provider.pods.RevisionPod;
import io.kafkabluegreen.provider.rollout.ManagedRollout;
import io.kafkabluegreen.provider.rollout.StrategyName;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Strategy C (docs/design.md §4): both colors' pods run lifecycle-webhook and share one consumer
 * group; the old color's pods are paused through {@code /lifecycle/pause} (each drains, commits
 * what it processed and leaves the group) and the new color's resumed through {@code
 * /lifecycle/resume}. The pods also obey the Lease on their own, so a pause that got no answer is
 * not a failure: Kafka's empty group is the proof.
 */
public class PauseResumeStrategy implements HandoverStrategy {

  private final PodLocator pods;
  private final PodCommands commands;
  private final Duration drainTimeout;

  public PauseResumeStrategy(PodLocator pods, PodCommands commands, Duration drainTimeout) {
    this.pods = pods;
    this.commands = commands;
    this.drainTimeout = drainTimeout;
  }

  @Override
  public StrategyName name() {
    return StrategyName.PAUSE_RESUME;
  }

  @Override
  public String groupOf(ManagedRollout rollout, String hash) {
    return rollout.consumerGroup();
  }

  /**
   * Pauses every Ready pod of the Rollout whose hash is not the target's, in parallel (so a third
   * revision is paused too); without a selector, the previous holder's pods.
   */
  @Override
  public void stopOthers(HandoverRun run, String previous) {
    List<RevisionPod> old = pods.allBut(run.rollout(), run.target(), previous);
    run.skipped(old);
    run.called("pause", commands.pause(old, drainTimeout));
  }

  /**
   * Sends the resume calls and returns: the pods consume once the Lease names their hash Active (a
   * newer epoch lifts the drain's explicit pause), so the calls only confirm, while the engine
   * waits for ownership.
   */
  @Override
  public CompletableFuture<Void> start(HandoverRun run) {
    List<RevisionPod> targetPods = pods.revision(run.rollout(), run.target());
    run.skipped(targetPods);
    return commands.resume(targetPods).thenAccept(calls -> run.called("resume", calls));
  }

  @Override
  public void restart(HandoverRun run, String previous) {
    List<PodCall> resumed = commands.resume(pods.revision(run.rollout(), previous)).join();
    run.called("resume", resumed);
  }

  /**
   * Standby members (lifecycle-webhook's default for a shared classic group) stay in the group; the
   * library's assignor gives them nothing while the Lease does not allow them.
   */
  @Override
  public boolean membersMayStay() {
    return true;
  }

  @Override
  public MemberColors colors(ManagedRollout rollout, String target, LeaseState lease) {
    return MemberColors.known(pods, rollout, target, lease);
  }
}
