package io.kafkabluegreen.tests.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.kafkabluegreen.tests.report.Report;
import io.kafkabluegreen.tests.report.RunSummary;
import io.kafkabluegreen.tests.report.SwitchTiming;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What every flavour of the demo prints the same way: its six steps, the provider's account of a
 * handover, and the end — the report on the console and in files, the wall time and the RESULT line
 * the exit code follows.
 */
final class DemoConsole {

  /** How the end is judged: strategy E is at-least-once, so its duplicates are reported only. */
  enum Rule {
    EXACTLY_ONCE,
    AT_LEAST_ONCE
  }

  private final PrintStream out;
  private final long started = System.currentTimeMillis();

  DemoConsole(PrintStream out) {
    this.out = out;
  }

  PrintStream out() {
    return out;
  }

  void step(int n, String what) {
    out.printf("[%d/6] %s%n", n, what);
  }

  /** A phase under load: the demo's only wait that is not for a condition. */
  static void pause(Duration duration) throws InterruptedException {
    Thread.sleep(duration.toMillis());
  }

  /** One line from the provider's handover record (the POST's answer or its GET state). */
  void handover(JsonNode record) {
    JsonNode ms = record.path("durationsMs");
    out.printf(
        "      provider: handover %s -> %s %s in %d ms (drain %d, verify %d, sync %d, activate %d),"
            + " triggered by the %s%s%n",
        record.path("previousHash").asText(),
        record.path("activeHash").asText(),
        record.path("phase").asText(),
        ms.path("total").asLong(),
        ms.path("drain").asLong(),
        ms.path("verify").asLong(),
        ms.path("sync").asLong(),
        ms.path("activate").asLong(),
        record.path("trigger").asText(),
        // a handover that went well has "reason": null
        record.path("reason").isTextual() ? ": " + record.path("reason").asText() : "");
  }

  /** Prints and writes the report, then the RESULT line; true when the run passes {@code rule}. */
  boolean conclude(Report report, RunSummary run, Path outDir, Rule rule) {
    out.println();
    out.println(report.toText());
    List<Path> files = report.writeTo(outDir.toAbsolutePath());
    out.println("Report written to " + files.get(1) + " and " + files.get(2));
    out.printf("Demo took %d s.%n", (System.currentTimeMillis() - started) / 1000);
    boolean completed = run.switches().stream().allMatch(SwitchTiming::completed);
    boolean safe = completed && run.validation().lost() == 0 && run.dualActive() == 0;
    long twice = run.validation().twice();
    boolean clean = safe && (rule == Rule.AT_LEAST_ONCE || twice == 0);
    if (clean && twice == 0) {
      out.println("RESULT: OK — nothing lost, nothing processed twice, never both colors active.");
    } else if (clean) {
      out.println(
          "RESULT: OK — nothing lost, never both colors active; "
              + twice
              + " records written twice (at-least-once: reported, not a failure).");
    } else {
      out.println(
          "RESULT: FAILED — "
              + (completed ? "" : "a switch did not complete / ")
              + run.validation().summary()
              + (run.membership() == null ? "" : " / group: " + run.membership().summary()));
    }
    return clean;
  }
}
