package io.kafkabluegreen.tests.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kafkabluegreen.tests.load.LoadProducer;
import io.kafkabluegreen.tests.system.LocalSystem;
import io.kafkabluegreen.tests.system.Strategy;
import io.kafkabluegreen.tests.validate.AuditValidator;
import io.kafkabluegreen.tests.validate.MembershipSampler;
import io.kafkabluegreen.tests.validate.MembershipStats;
import io.kafkabluegreen.tests.validate.OffsetRange;
import io.kafkabluegreen.tests.validate.Transition;
import io.kafkabluegreen.tests.validate.ValidationResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * One scenario's measurement on a system shared by several scenarios: load and group sampling from
 * {@link #start} to {@link #finish}, judged on the records produced in between only (an offset
 * window), so that scenarios do not see each other's records.
 */
final class ScenarioRun implements AutoCloseable {

  static final Duration TIMEOUT = Duration.ofSeconds(90);

  private final LocalSystem system;
  private final AuditValidator validator;
  private final Map<TopicPartition, OffsetRange> before;
  private final MembershipSampler sampler;
  private final LoadProducer load;

  private ScenarioRun(LocalSystem system, int rate) {
    this.system = system;
    this.validator = system.validator();
    this.before = validator.window(List.of(system.options().topic()));
    this.sampler =
        MembershipSampler.start(system.broker().admin(), system.allGroups(), Duration.ofMillis(25));
    this.load = system.startLoad(rate);
  }

  /** Starts load at {@code rate} records/s and the group sampler. */
  static ScenarioRun start(LocalSystem system, int rate) {
    return new ScenarioRun(system, rate);
  }

  LoadProducer load() {
    return load;
  }

  /** Waits until {@code count} more records are acknowledged than now. */
  void awaitMoreProduced(long count) {
    long target = load.acknowledged() + count;
    await().atMost(TIMEOUT).until(() -> load.acknowledged() >= target);
  }

  /** Stops the load, waits until the window is processed, stops sampling, judges. */
  Outcome finish() {
    load.stop();
    Map<TopicPartition, OffsetRange> window = validator.windowSince(before);
    ValidationResult validation =
        validator.awaitAllProcessed(window, system.options().auditTopic(), TIMEOUT);
    MembershipStats membership = sampler.stop();
    Outcome outcome = new Outcome(validation, membership);
    System.out.println(outcome);
    return outcome;
  }

  @Override
  public void close() {
    load.close();
    sampler.close();
  }

  record Outcome(ValidationResult validation, MembershipStats membership) {

    /**
     * Nothing lost; never two colors at once (audit timeline and group samples); no record
     * processed by two revisions; exactly the expected moves, in order; and for strategy C nothing
     * processed twice at all.
     */
    void assertSafe(Strategy strategy, List<String> expectedTransitions) {
      assertThat(validation.lost()).as(validation.summary()).isZero();
      assertThat(validation.dualActiveInstants()).as(validation.summary()).isZero();
      assertThat(membership.dualSamples()).as(membership.summary()).isZero();
      assertThat(validation.twiceAcrossRevisions()).as(validation.summary()).isZero();
      assertThat(validation.transitions())
          .extracting(Transition::to)
          .as(validation.summary())
          .isEqualTo(expectedTransitions);
      if (strategy == Strategy.PAUSE_RESUME) {
        assertThat(validation.twice()).as(validation.summary()).isZero();
      }
    }

    @Override
    public String toString() {
      return "audit: "
          + validation.summary()
          + " gaps(ms)="
          + validation.transitions().stream().map(t -> t.gapMillis()).toList()
          + "\ngroup: "
          + membership.summary();
    }
  }
}
