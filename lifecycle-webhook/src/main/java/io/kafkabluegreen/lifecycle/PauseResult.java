package io.kafkabluegreen.lifecycle;

import java.util.Map;

/**
 * What a completed pause (drain) answers.
 *
 * @param state the state reached (STANDBY, or STARTING when the pod had not joined yet)
 * @param committedOffsets offsets committed by this pod in its last active period, as {@code
 *     topic-partition -> offset}
 * @param drainMillis from the pause request to the state above
 */
public record PauseResult(
    LifecycleState state, Map<String, Long> committedOffsets, long drainMillis) {}
