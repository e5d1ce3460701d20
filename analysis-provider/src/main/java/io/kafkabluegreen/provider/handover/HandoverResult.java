package io.kafkabluegreen.provider.handover;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * What a handover answers and records (the JSON body of {@code POST …/handover}); the field list is
 * part of the provider's HTTP contract, see {@code provider/handover/DESIGN.md}.
 *
 * @param namespace the Rollout's namespace
 * @param rollout the Rollout's name
 * @param phase Active, Failed or InProgress
 * @param step the step reached (the current one while InProgress)
 * @param strategy pause-resume or offset-sync
 * @param targetHash the hash asked for
 * @param activeHash the Lease holder at the end (or now, while InProgress)
 * @param previousHash the holder before this handover, empty if there was none
 * @param epoch the Lease epoch at the end
 * @param changed false when the target was already active and nothing had to be switched
 * @param trigger {@code api} (a POST) or {@code watcher} (a Rollout change)
 * @param performedBy the provider instance that ran it
 * @param startedAt when it started
 * @param finishedAt when it finished, null while InProgress
 * @param durationsMs milliseconds per step
 * @param pausedPods pods that confirmed their pause
 * @param resumedPods pods that confirmed their resume
 * @param skippedPods pods not called (not Ready, terminating, no IP)
 * @param unconfirmedPods pods called that did not confirm, with why
 * @param reason why the handover failed, null otherwise
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record HandoverResult(
    String namespace,
    String rollout,
    HandoverPhase phase,
    HandoverStep step,
    String strategy,
    String targetHash,
    String activeHash,
    String previousHash,
    long epoch,
    boolean changed,
    String trigger,
    String performedBy,
    Instant startedAt,
    Instant finishedAt,
    StepDurations durationsMs,
    List<String> pausedPods,
    List<String> resumedPods,
    List<PodNote> skippedPods,
    List<PodNote> unconfirmedPods,
    String reason) {

  /**
   * Milliseconds spent per step; 0 for a step that did not run.
   *
   * @param drain step 3: the old pods' pause
   * @param verify step 4: proving the group empty
   * @param sync strategy B: copying committed offsets
   * @param activate step 6: from the flip until the new pods own every partition
   * @param total from the first Lease read to the end
   */
  public record StepDurations(long drain, long verify, long sync, long activate, long total) {}

  /**
   * A pod that was skipped or did not confirm.
   *
   * @param pod pod name
   * @param action pause or resume, null for a skipped pod
   * @param reason what happened
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record PodNote(String pod, String action, String reason) {}
}
