package io.kafkabluegreen.provider.connect;

import java.util.List;
import java.util.Optional;

/**
 * A connector's {@code GET /connectors/{name}/status}: the connector's own state and each task's.
 * States are Connect's words: {@code UNASSIGNED}, {@code RUNNING}, {@code PAUSED}, {@code STOPPED},
 * {@code FAILED}, {@code RESTARTING}.
 *
 * @param workerId the worker that runs the connector ({@code host:port})
 * @param tasks in the order Connect listed them; empty once the connector is stopped
 * @param type {@code sink} or {@code source}; {@code null} while the worker cannot tell yet
 */
public record ConnectorState(
    String name, String state, String workerId, List<TaskState> tasks, String type) {

  public ConnectorState {
    tasks = tasks == null ? List.of() : List.copyOf(tasks);
  }

  /** The old side of a handover is done: {@code STOPPED} and its tasks are gone. */
  public boolean stoppedWithoutTasks() {
    return "STOPPED".equals(state) && tasks.isEmpty();
  }

  /** The new side of a handover is done: {@code RUNNING} with at least one task, all running. */
  public boolean runningWithAllTasks() {
    return "RUNNING".equals(state)
        && !tasks.isEmpty()
        && tasks.stream().allMatch(task -> "RUNNING".equals(task.state()));
  }

  /** The first task that is {@code FAILED}, with its trace, if any. */
  public Optional<TaskState> failedTask() {
    return tasks.stream().filter(task -> "FAILED".equals(task.state())).findFirst();
  }

  /**
   * @param trace the stack trace Connect keeps for a {@code FAILED} task; {@code null} otherwise
   */
  public record TaskState(int id, String state, String workerId, String trace) {}
}
