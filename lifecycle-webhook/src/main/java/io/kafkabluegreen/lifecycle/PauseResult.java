package io.kafkabluegreen.lifecycle;

import java.util.List;
import java.util.Map;

/**
 * What a completed pause (drain) answers.
 *
 * @param state the state reached (STANDBY, or STARTING when the pod had not joined yet)
 * @param committedOffsets offsets committed by this pod in its last active period, as {@code
 *     topic-partition -> offset}
 * @param drainMillis from the pause request to the state above
 * @param assignedPartitions what the pod still holds, as {@code topic-partition}: empty once it
 *     left the group or, as a standby member, gave every partition back
 */
public record PauseResult(
    LifecycleState state,
    Map<String, Long> committedOffsets,
    long drainMillis,
    List<String> assignedPartitions) {

  public PauseResult {
    assignedPartitions = List.copyOf(assignedPartitions);
  }
}
