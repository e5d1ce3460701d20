package io.kafkabluegreen.tests.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One scenario's measurement on the shared {@link ConnectSystem}: the overlap sampler from {@link
 * #start} to {@link #finish}, and the sink files judged at the end — every value produced since the
 * system started (and every burst) written at least once, duplicates counted among the values
 * produced during the scenario.
 */
final class ConnectScenarioRun implements AutoCloseable {

  static final Duration TIMEOUT = Duration.ofSeconds(90);

  private final ConnectSystem system;
  private final long firstSeq;
  private final ConnectorOverlapSampler sampler;
  private final Map<String, Integer> bursts = new LinkedHashMap<>(); // id -> count

  private ConnectScenarioRun(ConnectSystem system) {
    this.system = system;
    this.firstSeq = system.load().sent();
    this.sampler = system.sampleOverlap(Duration.ofMillis(20));
  }

  static ConnectScenarioRun start(ConnectSystem system) {
    return new ConnectScenarioRun(system);
  }

  /** Waits until {@code count} more load records are acknowledged than now. */
  void awaitMoreProduced(long count) {
    long target = system.load().acknowledged() + count;
    await().atMost(TIMEOUT).until(() -> system.load().acknowledged() >= target);
  }

  /** Sends a burst (counted in the judgement) and returns its id. */
  String burst(int count) {
    String id = Long.toString(System.nanoTime(), 36);
    BurstProducer.send(system.broker().clientProperties(), system.options().topic(), id, count);
    bursts.put(id, count);
    return id;
  }

  /**
   * Stops sampling, then waits until every value produced so far is in a sink file (or the timeout)
   * and judges.
   */
  Outcome finish() {
    ConnectorOverlapSampler.Stats overlap = sampler.stop();
    long lastSeq = system.load().sent();
    await()
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(500))
        .until(() -> lost(system.tally(), lastSeq) == 0);
    SinkTally tally = system.tally();
    long duplicates = tally.duplicates(firstSeq, lastSeq);
    for (Map.Entry<String, Integer> burst : bursts.entrySet()) {
      duplicates += tally.burstDuplicates(burst.getKey(), burst.getValue());
    }
    Outcome outcome = new Outcome(lastSeq - firstSeq, lost(tally, lastSeq), duplicates, overlap);
    System.out.println(outcome);
    return outcome;
  }

  private long lost(SinkTally tally, long lastSeq) {
    long lost = tally.missing(0, lastSeq);
    for (Map.Entry<String, Integer> burst : bursts.entrySet()) {
      lost += tally.burstMissing(burst.getKey(), burst.getValue());
    }
    return lost;
  }

  @Override
  public void close() {
    sampler.close();
  }

  /**
   * @param produced load records produced during the scenario
   * @param lost values produced since the system started that no sink file holds
   * @param duplicates values of this scenario written more than once
   */
  record Outcome(long produced, long lost, long duplicates, ConnectorOverlapSampler.Stats overlap) {

    /** Nothing lost and never two connectors (or two sink groups) consuming at once. */
    void assertSafe() {
      assertThat(lost).as(toString()).isZero();
      assertThat(overlap.runningOverlaps()).as(toString()).isZero();
      assertThat(overlap.memberOverlaps()).as(toString()).isZero();
      assertThat(overlap.samples()).as("the sampler ran: " + this).isPositive();
    }
  }
}
