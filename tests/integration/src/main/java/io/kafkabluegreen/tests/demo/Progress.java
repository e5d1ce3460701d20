package io.kafkabluegreen.tests.demo;

import io.kafkabluegreen.lifecycle.lease.LeaseState;
import io.kafkabluegreen.tests.load.LoadProducer;
import io.kafkabluegreen.tests.process.ConsumerAppProcess;
import io.kafkabluegreen.tests.system.LocalSystem;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A progress line every second while the demo runs: records produced, records processed per color
 * (summed from the pods' {@code /lifecycle/status}), and the Lease.
 */
final class Progress implements AutoCloseable {

  private final LocalSystem system;
  private final LoadProducer load;
  private final Map<String, String> colors;
  private final PrintStream out;
  private final long start = System.currentTimeMillis();
  private final ScheduledExecutorService ticker =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "demo-progress");
            t.setDaemon(true);
            return t;
          });

  Progress(LocalSystem system, LoadProducer load, Map<String, String> colors, PrintStream out) {
    this.system = system;
    this.load = load;
    this.colors = colors;
    this.out = out;
    ticker.scheduleAtFixedRate(this::print, 1, 1, TimeUnit.SECONDS);
  }

  private void print() {
    StringBuilder line =
        new StringBuilder(
            String.format(
                "      t+%3ds  produced %,8d",
                (System.currentTimeMillis() - start) / 1000, load.acknowledged()));
    colors.forEach(
        (hash, color) -> line.append(String.format("  %s %,8d", color, processed(hash))));
    LeaseState lease = system.lease();
    line.append("  lease ")
        .append(colors.getOrDefault(lease.holder(), lease.holder()))
        .append('/')
        .append(lease.phase().wire());
    out.println(line);
  }

  private long processed(String hash) {
    long total = 0;
    for (ConsumerAppProcess pod : system.pods(hash)) {
      try {
        total += pod.status().body().path("processed").asLong(0);
      } catch (IOException e) {
        // a pod that does not answer this second simply does not count
      }
    }
    return total;
  }

  @Override
  public void close() {
    ticker.shutdownNow();
  }
}
