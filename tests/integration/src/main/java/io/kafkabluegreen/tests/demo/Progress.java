package io.kafkabluegreen.tests.demo;

import io.kafkabluegreen.lifecycle.lease.LeaseState;
import io.kafkabluegreen.tests.validate.TimelineBucket;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * A progress line every second while the demo runs: records produced, a running count per color
 * (records processed by its pods, lines in its sink file) and the Lease. The counts are kept, so
 * that a run whose output carries no timestamps (a sink file) still has a per-second timeline.
 */
final class Progress implements AutoCloseable {

  private final PrintStream out;
  private final LongSupplier produced;
  private final Map<String, String> colors; // hash -> color
  private final String unit;
  private final ToLongFunction<String> count; // hash -> running count
  private final Supplier<LeaseState> lease;
  private final long start = System.currentTimeMillis();
  private final List<Map<String, Long>> ticks = new ArrayList<>();
  private final List<Long> tickSeconds = new ArrayList<>();
  private final ScheduledExecutorService ticker =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "demo-progress");
            t.setDaemon(true);
            return t;
          });

  /**
   * @param colors display names of the hashes
   * @param unit appended to a color to name its column, e.g. {@code .txt} for its sink file
   * @param count a hash's running count; a source that does not answer counts 0 for that second
   * @param lease the Lease now, or null when it cannot be read
   */
  Progress(
      PrintStream out,
      LongSupplier produced,
      Map<String, String> colors,
      String unit,
      ToLongFunction<String> count,
      Supplier<LeaseState> lease) {
    this.out = out;
    this.produced = produced;
    this.colors = new LinkedHashMap<>(colors);
    this.unit = unit;
    this.count = count;
    this.lease = lease;
    sample();
    ticker.scheduleAtFixedRate(this::print, 1, 1, TimeUnit.SECONDS);
  }

  private synchronized Map<String, Long> sample() {
    Map<String, Long> counts = new LinkedHashMap<>();
    colors.keySet().forEach(hash -> counts.put(hash, count.applyAsLong(hash)));
    ticks.add(counts);
    tickSeconds.add(System.currentTimeMillis() / 1000);
    return counts;
  }

  private void print() {
    StringBuilder line =
        new StringBuilder(
            String.format(
                "      t+%3ds  produced %,8d",
                (System.currentTimeMillis() - start) / 1000, produced.getAsLong()));
    sample()
        .forEach((hash, n) -> line.append(String.format("  %s%s %,8d", colors.get(hash), unit, n)));
    LeaseState now = lease.get();
    if (now != null) {
      line.append("  lease ")
          .append(colors.getOrDefault(now.holder(), now.holder()))
          .append('/')
          .append(now.phase().wire());
    }
    out.println(line);
  }

  /** The growth of each count from one second to the next, as a timeline. */
  synchronized List<TimelineBucket> timeline() {
    List<TimelineBucket> buckets = new ArrayList<>();
    for (int i = 1; i < ticks.size(); i++) {
      Map<String, Long> delta = new LinkedHashMap<>();
      for (String hash : colors.keySet()) {
        long d = ticks.get(i).get(hash) - ticks.get(i - 1).get(hash);
        if (d > 0) {
          delta.put(hash, d);
        }
      }
      buckets.add(new TimelineBucket(tickSeconds.get(i), delta));
    }
    return buckets;
  }

  /** Stops the ticker after one last sample, so the timeline ends where the run did. */
  @Override
  public void close() {
    if (!ticker.isShutdown()) {
      ticker.shutdownNow();
      sample();
    }
  }
}
