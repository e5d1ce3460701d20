package io.kafkabluegreen.tests.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkabluegreen.tests.validate.AuditRecord;
import io.kafkabluegreen.tests.validate.AuditValidator;
import io.kafkabluegreen.tests.validate.MembershipStats;
import io.kafkabluegreen.tests.validate.OffsetRange;
import io.kafkabluegreen.tests.validate.ValidationResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

  private static final String BLUE = "aaaa1111";
  private static final String GREEN = "bbbb2222";

  /** 2 partitions × 30 records, blue for 1 s, green for 1 s after a 120 ms gap, blue again. */
  private static ValidationResult switchAndRollback(boolean loseOne) {
    List<AuditRecord> records = new ArrayList<>();
    for (int p = 0; p < 2; p++) {
      for (long o = 0; o < 30; o++) {
        if (loseOne && p == 1 && o == 7) {
          continue;
        }
        long t = 100_000 + o * 100 + p;
        String hash = o < 10 || o >= 20 ? BLUE : GREEN;
        long shift = o < 10 ? 0 : o < 20 ? 120 : 240;
        records.add(new AuditRecord("orders", p, o, "k", hash, "pod", t + shift));
      }
    }
    Map<TopicPartition, OffsetRange> window =
        Map.of(
            new TopicPartition("orders", 0), new OffsetRange(0, 30),
            new TopicPartition("orders", 1), new OffsetRange(0, 30));
    return AuditValidator.analyze(window, records);
  }

  private static Report report(boolean loseOne) {
    ValidationResult v = switchAndRollback(loseOne);
    List<SwitchTiming> timings =
        List.of(
            SwitchTiming.fromAudit("switch", BLUE, GREEN, 100_950, v.transitions()),
            SwitchTiming.fromAudit("rollback", GREEN, BLUE, 101_950, v.transitions()));
    MembershipStats membership = new MembershipStats(300, 0, 4, 0, 60, List.of(), List.of());
    Map<String, String> colors = new LinkedHashMap<>();
    colors.put(BLUE, "blue");
    colors.put(GREEN, "green");
    return new Report("Strategy C", colors, List.of(new RunSummary("C", timings, v, membership)));
  }

  @Test
  void When_switch_and_rollback_Then_table_shows_both_times_and_counts() {
    String text = report(false).toText();

    // switch asked at 100,950; first green at 101,000 + 120 = 101,120 -> 170 ms
    // rollback asked at 101,950; first blue again at 102,000 + 240 = 102,240 -> 290 ms
    assertThat(text)
        .contains("switch ms")
        .containsPattern("C\\s+170\\s+290\\s+60\\s+0\\s+0\\s+0\\s+0");
    assertThat(text).contains("# blue").contains("= green");
  }

  @Test
  void When_a_record_is_lost_Then_table_shows_it() {
    assertThat(report(true).tableText()).containsPattern("C\\s+170\\s+290\\s+60\\s+1\\s+0");
  }

  @Test
  void When_switch_never_completes_Then_shown_as_never() {
    ValidationResult v = switchAndRollback(false);
    SwitchTiming never = SwitchTiming.fromAudit("switch", BLUE, "cccc3333", 0, v.transitions());
    Report report =
        new Report("x", Map.of(), List.of(new RunSummary("r", List.of(never), v, null)));

    assertThat(never.completed()).isFalse();
    assertThat(report.tableText()).containsPattern("r\\s+never\\s+-");
  }

  @Test
  void When_notes_are_given_Then_text_and_markdown_show_them_under_the_table() {
    Report plain = report(false);
    Report noted =
        new Report(plain.title(), plain.colors(), plain.runs(), List.of("switch ms: request to X"));

    assertThat(plain.toText()).doesNotContain("* ");
    assertThat(noted.toText()).containsPattern("C\\s+170[^\\n]*\\n\\* switch ms: request to X\\n");
    assertThat(noted.toMarkdown()).contains("|\n\n* switch ms: request to X\n");
  }

  @Test
  void When_written_Then_markdown_and_json_carry_the_same_figures(@TempDir Path dir)
      throws Exception {
    List<Path> files = report(true).writeTo(dir);

    assertThat(files)
        .extracting(p -> p.getFileName().toString())
        .containsExactly("report.txt", "report.md", "report.json");
    String markdown = Files.readString(dir.resolve("report.md"));
    assertThat(markdown).contains("| run | switch ms |").contains("| C | 170 | 290 | 60 | 1 |");
    assertThat(markdown).contains("## Timeline of C").contains("| second | blue | green |");
    JsonNode json = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
    JsonNode run = json.get("runs").get(0);
    assertThat(run.get("validation").get("lost").asLong()).isEqualTo(1);
    assertThat(run.get("switches").get(0).get("firstRecordAt").asLong()).isEqualTo(101_120);
    assertThat(json.get("colors").get(BLUE).asText()).isEqualTo("blue");
  }
}
