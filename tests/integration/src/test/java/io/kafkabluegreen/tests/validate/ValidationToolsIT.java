package io.kafkabluegreen.tests.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kafkabluegreen.tests.kafka.KafkaBroker;
import io.kafkabluegreen.tests.load.LoadOptions;
import io.kafkabluegreen.tests.load.LoadProducer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The load producer, the audit validator and the membership sampler on a real broker, with a
 * minimal stand-in consumer ({@link StandInConsumer}) so that they are proven before consumer-app
 * exists: a clean hand-over between two hashes is judged clean, two hashes consuming at once are
 * caught by both witnesses.
 */
class ValidationToolsIT {

  private static final KafkaBroker BROKER = KafkaBroker.shared();
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @Test
  void When_one_hash_hands_over_to_another_Then_clean_and_one_transition() throws Exception {
    BROKER.createTopic("vt-clean", 4);
    BROKER.createTopic("vt-clean-audit", 4);
    AuditValidator validator = new AuditValidator(BROKER.clientProperties());
    try (MembershipSampler sampler =
            // plus a group that never exists, as strategy B's next revision before its switch
            MembershipSampler.start(
                BROKER.admin(), List.of("vt-clean-g", "vt-never"), Duration.ofMillis(25));
        LoadProducer load =
            LoadProducer.start(
                BROKER.clientProperties(), LoadOptions.of("vt-clean", 400).maxRecords(2000))) {
      StandInConsumer blue =
          new StandInConsumer(
              BROKER.clientProperties(), "vt-clean-g", "vt-clean", "vt-clean-audit", "blue01");
      await().atMost(TIMEOUT).until(() -> load.acknowledged() >= 800);
      // with the broker's default group.initial.rebalance.delay.ms, blue is assigned 3 s late
      await().atMost(TIMEOUT).until(() -> blue.commits() > 0);
      blue.stop();
      StandInConsumer green =
          new StandInConsumer(
              BROKER.clientProperties(), "vt-clean-g", "vt-clean", "vt-clean-audit", "green01");
      assertThat(load.awaitCompletion(TIMEOUT)).isTrue();
      ValidationResult result =
          validator.awaitAllProcessed(List.of("vt-clean"), "vt-clean-audit", TIMEOUT);
      green.stop();
      MembershipStats membership = sampler.stop();

      assertThat(load.acknowledged()).isEqualTo(2000);
      assertThat(result.produced()).isEqualTo(2000);
      assertThat(result.clean()).as(result.summary()).isTrue();
      assertThat(result.transitions()).extracting(Transition::to).containsExactly("green01");
      assertThat(result.timeline()).isNotEmpty();
      assertThat(membership.dualSamples()).as(membership.summary()).isZero();
      assertThat(membership.samples()).isGreaterThan(10);
      assertThat(membership.failedSamples()).isZero();
      assertThat(membership.changes())
          .extracting(MembershipChange::hashes)
          .containsSubsequence(Set.of("blue01"), Set.of("green01"));
    }
  }

  @Test
  void When_two_hashes_consume_together_Then_both_witnesses_see_dual_active() throws Exception {
    BROKER.createTopic("vt-dual", 4);
    BROKER.createTopic("vt-dual-audit", 4);
    AuditValidator validator = new AuditValidator(BROKER.clientProperties());
    try (MembershipSampler sampler =
            MembershipSampler.start(BROKER.admin(), List.of("vt-dual-g"), Duration.ofMillis(25));
        LoadProducer load =
            LoadProducer.start(
                BROKER.clientProperties(), LoadOptions.of("vt-dual", 400).maxRecords(2000));
        StandInConsumer blue =
            new StandInConsumer(
                BROKER.clientProperties(), "vt-dual-g", "vt-dual", "vt-dual-audit", "blue02");
        StandInConsumer green =
            new StandInConsumer(
                BROKER.clientProperties(), "vt-dual-g", "vt-dual", "vt-dual-audit", "green02")) {
      assertThat(load.awaitCompletion(TIMEOUT)).isTrue();
      ValidationResult result =
          validator.awaitAllProcessed(List.of("vt-dual"), "vt-dual-audit", TIMEOUT);
      MembershipStats membership = sampler.stop();

      assertThat(result.lost()).as(result.summary()).isZero();
      assertThat(result.dualActiveInstants()).as(result.summary()).isPositive();
      assertThat(membership.dualSamples()).as(membership.summary()).isPositive();
    }
  }
}
