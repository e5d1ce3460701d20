package io.kafkabluegreen.tests.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkabluegreen.tests.report.Report;
import io.kafkabluegreen.tests.report.RunSummary;
import io.kafkabluegreen.tests.report.SwitchTiming;
import io.kafkabluegreen.tests.validate.MembershipStats;
import io.kafkabluegreen.tests.validate.ValidationResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoConsoleTest {

  @TempDir Path dir;
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final DemoConsole console =
      new DemoConsole(new PrintStream(printed, true, StandardCharsets.UTF_8));

  private static RunSummary run(long lost, long twice, long dualSamples, boolean completed) {
    ValidationResult v =
        new ValidationResult(
            100,
            100 - lost,
            lost,
            List.of(),
            twice,
            Map.of(),
            List.of(),
            0,
            List.of(),
            List.of(),
            List.of(),
            100 + twice,
            0);
    MembershipStats membership =
        new MembershipStats(50, dualSamples, 3, 0, 40, List.of(), List.of());
    SwitchTiming forward = new SwitchTiming("switch", "b", "g", 1000, 1500, -1);
    SwitchTiming back = new SwitchTiming("rollback", "g", "b", 2000, completed ? 2600 : -1, -1);
    return new RunSummary("E", List.of(forward, back), v, membership);
  }

  private boolean conclude(RunSummary run, DemoConsole.Rule rule) {
    return console.conclude(new Report("t", Map.of(), List.of(run)), run, dir, rule);
  }

  private String printed() {
    return printed.toString(StandardCharsets.UTF_8);
  }

  @Test
  void When_duplicates_at_least_once_Then_ok_and_reported() {
    assertThat(conclude(run(0, 4, 0, true), DemoConsole.Rule.AT_LEAST_ONCE)).isTrue();
    assertThat(printed()).contains("RESULT: OK").contains("4 records written twice");
  }

  @Test
  void When_duplicates_exactly_once_Then_failed() {
    assertThat(conclude(run(0, 4, 0, true), DemoConsole.Rule.EXACTLY_ONCE)).isFalse();
    assertThat(printed()).contains("RESULT: FAILED").contains("twice=4");
  }

  @Test
  void When_a_record_is_lost_Then_failed_under_either_rule() {
    assertThat(conclude(run(1, 0, 0, true), DemoConsole.Rule.AT_LEAST_ONCE)).isFalse();
    assertThat(conclude(run(1, 0, 0, true), DemoConsole.Rule.EXACTLY_ONCE)).isFalse();
  }

  @Test
  void When_both_groups_had_members_Then_failed() {
    assertThat(conclude(run(0, 0, 1, true), DemoConsole.Rule.AT_LEAST_ONCE)).isFalse();
    assertThat(printed()).contains("dual=1");
  }

  @Test
  void When_the_rollback_never_completed_Then_failed() {
    assertThat(conclude(run(0, 0, 0, false), DemoConsole.Rule.AT_LEAST_ONCE)).isFalse();
    assertThat(printed()).contains("a switch did not complete");
  }

  @Test
  void When_clean_Then_ok_and_the_report_is_written() {
    assertThat(conclude(run(0, 0, 0, true), DemoConsole.Rule.EXACTLY_ONCE)).isTrue();
    assertThat(printed()).contains("RESULT: OK — nothing lost, nothing processed twice");
    assertThat(dir.resolve("report.md")).exists();
  }
}
