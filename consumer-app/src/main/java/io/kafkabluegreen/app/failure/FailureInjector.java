package io.kafkabluegreen.app.failure;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes consumer-app misbehave on purpose, so that a scenario can deploy a broken green. Runs on
 * the poll thread before a record's real work.
 */
public final class FailureInjector {

  private static final Logger LOG = LoggerFactory.getLogger(FailureInjector.class);
  static final int CRASH_EXIT_CODE = 3;

  private final FailureMode mode;
  private final double rate;
  private final long latencyNanos;
  private final long crashAfter;
  private final Runnable crash;
  private long succeeded;

  public FailureInjector(FailureMode mode, double rate, Duration latency, long crashAfter) {
    this(mode, rate, latency, crashAfter, () -> Runtime.getRuntime().halt(CRASH_EXIT_CODE));
  }

  FailureInjector(
      FailureMode mode, double rate, Duration latency, long crashAfter, Runnable crash) {
    this.mode = mode;
    this.rate = rate;
    this.latencyNanos = latency.toNanos();
    this.crashAfter = crashAfter;
    this.crash = crash;
  }

  /** Called before a record is processed; throws when this record is chosen to fail. */
  public void beforeRecord() throws InterruptedException {
    switch (mode) {
      case RATE -> {
        if (rate > 0 && ThreadLocalRandom.current().nextDouble() < rate) {
          throw new InjectedFailureException();
        }
      }
      case LATENCY -> {
        if (latencyNanos > 0) {
          Thread.sleep(latencyNanos / 1_000_000, (int) (latencyNanos % 1_000_000));
        }
      }
      case CRASH -> {
        if (succeeded >= crashAfter) {
          LOG.error("Injected crash after {} records", succeeded);
          System.out.flush();
          crash.run();
        }
      }
      case NONE -> {}
    }
  }

  /** Called after a record was processed successfully. */
  public void afterRecord() {
    succeeded++;
  }

  /** The failure a record was chosen for. */
  public static final class InjectedFailureException extends RuntimeException {
    public InjectedFailureException() {
      super("injected failure", null, false, false);
    }
  }
}
