package io.kafkabluegreen.tests.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * The provider's JSON log lines (logback's {@code JsonEncoder}: {@code timestamp} in epoch ms,
 * {@code formattedMessage}) read from a byte offset on, so that one switch's lines are told apart
 * from the previous switch's. The provider's own timestamps are what the benchmark measures the
 * decision → first Lease write span with: nothing outside the provider sees the decision.
 */
final class ProviderLog {

  /** One log line. */
  record Line(long timestamp, String message) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;

  ProviderLog(Path file) {
    this.file = file;
  }

  /** Where the next line will start. */
  long end() {
    try {
      return Files.exists(file) ? Files.size(file) : 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The JSON lines written from {@code offset} on; other output (JVM warnings) is skipped. */
  List<Line> since(long offset) {
    byte[] all;
    try {
      all = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int from = (int) Math.min(offset, all.length);
    String text = new String(all, from, all.length - from, StandardCharsets.UTF_8);
    List<Line> lines = new ArrayList<>();
    for (String raw : text.split("\n")) {
      if (!raw.startsWith("{")) {
        continue;
      }
      try {
        JsonNode node = JSON.readTree(raw);
        lines.add(
            new Line(node.path("timestamp").asLong(), node.path("formattedMessage").asText()));
      } catch (IOException e) {
        // a line still being written; the next read sees it whole
      }
    }
    return lines;
  }

  /** Waits until a line from {@code offset} on matches, polling every 10 ms. */
  Line await(long offset, Predicate<String> message, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<Line> found = first(since(offset), message);
      if (found.isPresent()) {
        return found.get();
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "no provider log line as expected in " + file + " within " + timeout);
      }
      LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
    }
  }

  static Optional<Line> first(List<Line> lines, Predicate<String> message) {
    return lines.stream().filter(l -> message.test(l.message())).findFirst();
  }
}
