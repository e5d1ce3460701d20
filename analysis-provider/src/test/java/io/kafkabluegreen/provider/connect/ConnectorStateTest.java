package io.kafkabluegreen.provider.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConnectorStateTest {

  /** Task states are listed in id order, blank for none; failed is the first FAILED id or -1. */
  @ParameterizedTest(name = "{0} with tasks [{1}]")
  @CsvSource(
      delimiter = '|',
      emptyValue = "",
      textBlock =
          """
          STOPPED    | ''                   | true  | false | -1
          STOPPED    | RUNNING              | false | false | -1
          PAUSED     | ''                   | false | false | -1
          PAUSED     | PAUSED               | false | false | -1
          UNASSIGNED | ''                   | false | false | -1
          RUNNING    | ''                   | false | false | -1
          RUNNING    | RUNNING              | false | true  | -1
          RUNNING    | RUNNING RUNNING      | false | true  | -1
          RUNNING    | RUNNING UNASSIGNED   | false | false | -1
          RUNNING    | RUNNING PAUSED       | false | false | -1
          RUNNING    | RUNNING FAILED       | false | false | 1
          RUNNING    | FAILED RUNNING FAILED| false | false | 0
          FAILED     | ''                   | false | false | -1
          FAILED     | FAILED               | false | false | 0
          RESTARTING | RESTARTING           | false | false | -1
          """)
  void When_stateAndTaskStatesAre_Then_theHandoverPredicatesSay(
      String state, String taskStates, boolean stopped, boolean running, int failedId) {
    ConnectorState connector = connector(state, taskStates);

    assertThat(connector.stoppedWithoutTasks()).isEqualTo(stopped);
    assertThat(connector.runningWithAllTasks()).isEqualTo(running);
    assertThat(connector.failedTask().map(ConnectorState.TaskState::id).orElse(-1))
        .isEqualTo(failedId);
  }

  private static ConnectorState connector(String state, String taskStates) {
    List<String> states =
        taskStates.isBlank() ? List.of() : Arrays.asList(taskStates.trim().split("\\s+"));
    List<ConnectorState.TaskState> tasks =
        IntStream.range(0, states.size())
            .mapToObj(
                id ->
                    new ConnectorState.TaskState(
                        id,
                        states.get(id),
                        "10.0.0.1:8083",
                        "FAILED".equals(states.get(id)) ? "trace" : null))
            .toList();
    return new ConnectorState("orders-sink", state, "10.0.0.1:8083", tasks, "sink");
  }
}
