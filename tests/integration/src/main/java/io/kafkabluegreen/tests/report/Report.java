package io.kafkabluegreen.tests.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.kafkabluegreen.tests.validate.TimelineBucket;
import io.kafkabluegreen.tests.validate.ValidationResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result table of one or more runs — switch time, rollback time, records produced, lost,
 * processed twice, dual-active instants — and each run's timeline of records per second by color,
 * as plain text (for the console), Markdown and JSON (for the record).
 *
 * @param title a heading
 * @param colors display names of the hashes, e.g. {@code 6d5f7c9b8 -> blue}; unknown hashes are
 *     shown as themselves
 * @param runs the measured runs
 * @param notes what the figures measure where a run measures them differently (printed under the
 *     table); empty when the column headings say it all
 */
public record Report(
    String title, Map<String, String> colors, List<RunSummary> runs, List<String> notes) {

  private static final int BAR_WIDTH = 40;
  private static final String BAR_MARKS = "#=*%";

  public Report {
    colors = new LinkedHashMap<>(colors);
    runs = List.copyOf(runs);
    notes = List.copyOf(notes);
  }

  public Report(String title, Map<String, String> colors, List<RunSummary> runs) {
    this(title, colors, runs, List.of());
  }

  /** The table alone, as aligned text. */
  public String tableText() {
    return table().toText();
  }

  public String toText() {
    StringBuilder out = new StringBuilder(title).append("\n\n").append(tableText());
    notes.forEach(note -> out.append("* ").append(note).append('\n'));
    for (RunSummary run : runs) {
      out.append("\nTimeline of ").append(run.name()).append(" (records/s; ");
      List<String> legend = new ArrayList<>();
      List<String> hashes = hashesOf(run);
      for (int i = 0; i < hashes.size(); i++) {
        legend.add(BAR_MARKS.charAt(i % BAR_MARKS.length()) + " " + colorOf(hashes.get(i)));
      }
      out.append(String.join(", ", legend)).append(")\n").append(timelineText(run, hashes));
    }
    return out.toString();
  }

  public String toMarkdown() {
    StringBuilder out = new StringBuilder("# ").append(title).append("\n\n");
    out.append(table().toMarkdown());
    if (!notes.isEmpty()) {
      out.append('\n');
      notes.forEach(note -> out.append("* ").append(note).append('\n'));
    }
    for (RunSummary run : runs) {
      List<String> hashes = hashesOf(run);
      List<String> header = new ArrayList<>(List.of("second"));
      hashes.forEach(h -> header.add(colorOf(h)));
      TextTable timeline = new TextTable(header);
      List<TimelineBucket> buckets = run.validation().timeline();
      for (TimelineBucket bucket : buckets) {
        List<String> row = new ArrayList<>(List.of("+" + (bucket.second() - first(buckets))));
        hashes.forEach(h -> row.add(Long.toString(bucket.byHash().getOrDefault(h, 0L))));
        timeline.row(row);
      }
      out.append("\n## Timeline of ")
          .append(run.name())
          .append("\n\n")
          .append(timeline.toMarkdown());
    }
    return out.toString();
  }

  public String toJson() {
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(this);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes {@code report.txt}, {@code report.md} and {@code report.json} into {@code dir}. */
  public List<Path> writeTo(Path dir) {
    try {
      Files.createDirectories(dir);
      Path text = Files.writeString(dir.resolve("report.txt"), toText());
      Path markdown = Files.writeString(dir.resolve("report.md"), toMarkdown());
      Path json = Files.writeString(dir.resolve("report.json"), toJson());
      return List.of(text, markdown, json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private TextTable table() {
    TextTable table =
        new TextTable(
            List.of(
                "run",
                "switch ms",
                "rollback ms",
                "produced",
                "lost",
                "twice",
                "dual-active instants",
                "dual group samples"));
    for (RunSummary run : runs) {
      ValidationResult v = run.validation();
      table.row(
          List.of(
              run.name(),
              timing(run, "switch"),
              timing(run, "rollback"),
              Long.toString(v.produced()),
              Long.toString(v.lost()),
              Long.toString(v.twice()),
              Long.toString(v.dualActiveInstants()),
              run.membership() == null ? "-" : Long.toString(run.membership().dualSamples())));
    }
    return table;
  }

  private static String timing(RunSummary run, String label) {
    return run.timing(label)
        .map(t -> t.completed() ? Long.toString(t.millis()) : "never")
        .orElse("-");
  }

  private String timelineText(RunSummary run, List<String> hashes) {
    List<TimelineBucket> buckets = run.validation().timeline();
    long max = Math.max(1, buckets.stream().mapToLong(TimelineBucket::total).max().orElse(1));
    StringBuilder out = new StringBuilder();
    for (TimelineBucket bucket : buckets) {
      out.append(String.format("%5s ", "+" + (bucket.second() - first(buckets)) + "s"));
      StringBuilder bar = new StringBuilder();
      StringBuilder counts = new StringBuilder();
      for (int i = 0; i < hashes.size(); i++) {
        long n = bucket.byHash().getOrDefault(hashes.get(i), 0L);
        bar.append(
            String.valueOf(BAR_MARKS.charAt(i % BAR_MARKS.length()))
                .repeat((int) Math.round((double) n * BAR_WIDTH / max)));
        counts.append(String.format(" %s=%d", colorOf(hashes.get(i)), n));
      }
      out.append(String.format("%-" + BAR_WIDTH + "s", bar)).append(counts).append('\n');
    }
    return out.toString();
  }

  private static long first(List<TimelineBucket> buckets) {
    return buckets.isEmpty() ? 0 : buckets.get(0).second();
  }

  /** The run's hashes: known colors first, in the order given, then any other hash seen. */
  private List<String> hashesOf(RunSummary run) {
    List<String> hashes = new ArrayList<>();
    for (String hash : colors.keySet()) {
      if (seen(run, hash)) {
        hashes.add(hash);
      }
    }
    run.validation().timeline().stream()
        .flatMap(b -> b.byHash().keySet().stream())
        .distinct()
        .sorted()
        .filter(h -> !hashes.contains(h))
        .forEach(hashes::add);
    return hashes;
  }

  private static boolean seen(RunSummary run, String hash) {
    return run.validation().timeline().stream().anyMatch(b -> b.byHash().containsKey(hash));
  }

  private String colorOf(String hash) {
    return colors.getOrDefault(hash, hash);
  }
}
