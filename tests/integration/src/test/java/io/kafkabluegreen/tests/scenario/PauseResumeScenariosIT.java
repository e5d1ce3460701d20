package io.kafkabluegreen.tests.scenario;

import static io.kafkabluegreen.tests.scenario.ScenarioRun.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Watch;
import io.kafkabluegreen.lifecycle.lease.LeasePhase;
import io.kafkabluegreen.tests.process.ConsumerAppProcess;
import io.kafkabluegreen.tests.scenario.ScenarioRun.Outcome;
import io.kafkabluegreen.tests.system.Strategy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Strategy C (one shared group, pause/resume): the common scenarios, and scenario 4. */
class PauseResumeScenariosIT extends HandoverScenarios {

  @Override
  Strategy strategy() {
    return Strategy.PAUSE_RESUME;
  }

  /**
   * Scenario 4: right after the flip, while the new color joins, one of its pods is killed
   * (SIGKILL) and another is added. Its uncommitted records may be processed again by its own color
   * — never by the old one, and nothing is lost.
   */
  @Test
  void When_a_new_pod_is_killed_and_one_added_during_the_switch_Then_nothing_lost()
      throws Exception {
    String from = system.leaseHolder();
    String to = system.other(from);
    ConsumerAppProcess victim = system.pods(to).get(0);
    CountDownLatch flipped = new CountDownLatch(1);
    try (ScenarioRun run = ScenarioRun.start(system, RATE)) {
      run.awaitMoreProduced(RATE);
      CompletableFuture<ConsumerAppProcess> added;
      try (Watch watch =
          LeaseEvents.once(
              system,
              state -> state.allowsConsumption(to),
              state -> {
                victim.process().kill();
                flipped.countDown();
              })) {
        system.promote(to);
        assertThat(flipped.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        system.killPod(victim); // the Pod object goes too, as after a crash
        added = CompletableFuture.supplyAsync(() -> system.addPod(to));
      }
      ConsumerAppProcess replacement = added.join();
      system.awaitConsuming(to, TIMEOUT);
      system.markStable(to);
      run.awaitMoreProduced(RATE);
      Outcome outcome = run.finish();

      assertThat(victim.process().isAlive()).isFalse();
      assertThat(replacement.process().isAlive()).isTrue();
      assertThat(system.lease().phase()).isEqualTo(LeasePhase.ACTIVE);
      var v = outcome.validation();
      assertThat(v.lost()).as(v.summary()).isZero();
      assertThat(v.dualActiveInstants()).as(v.summary()).isZero();
      assertThat(outcome.membership().dualSamples()).isZero();
      assertThat(v.twiceAcrossRevisions()).as(v.summary()).isZero();
      assertThat(v.transitions().get(0).to()).isEqualTo(to);
      assertThat(v.transitions()).extracting(t -> t.to()).containsOnly(to);
      System.out.println(
          "rebalance during the switch: "
              + v.twice()
              + " records processed twice by "
              + to
              + " (the killed pod's uncommitted work)");
      assertThat(List.of(from, to)).contains(system.leaseHolder());
    }
    // the next scenario must not wait for the killed pod's session to time out
    system.awaitMemberGone(victim, Duration.ofSeconds(90));
  }
}
