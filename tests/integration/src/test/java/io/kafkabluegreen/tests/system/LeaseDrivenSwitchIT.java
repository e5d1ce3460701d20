package io.kafkabluegreen.tests.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kafkabluegreen.tests.kafka.KafkaBroker;
import io.kafkabluegreen.tests.load.LoadProducer;
import io.kafkabluegreen.tests.validate.MembershipSampler;
import io.kafkabluegreen.tests.validate.MembershipStats;
import io.kafkabluegreen.tests.validate.Transition;
import io.kafkabluegreen.tests.validate.ValidationResult;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The local system's plumbing with real consumer-app processes and no provider involvement: blue
 * starts active from the Lease, green waits in STANDBY, and a switch written to the Lease alone
 * (Draining, every partition released, green Active) moves consumption — the pods converge by their
 * own watch.
 */
class LeaseDrivenSwitchIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @Test
  void When_lease_moves_to_green_Then_pods_converge_without_loss_or_overlap() throws Exception {
    SystemOptions options = SystemOptions.of("lease-switch", Path.of("target", "scenario-logs"));
    try (LocalSystem system = LocalSystem.start(KafkaBroker.shared(), options)) {
      system.awaitConsuming(system.blue(), TIMEOUT);
      LeaseDrivenSwitch lease =
          new LeaseDrivenSwitch(
              system.cluster().client(),
              options.leaseName(),
              system.broker().admin(),
              system.groups());
      try (MembershipSampler sampler = system.sampleMembership();
          LoadProducer load = system.startLoad(300)) {
        await().atMost(TIMEOUT).until(() -> load.acknowledged() >= 600);

        lease.switchTo(system.green(), TIMEOUT);
        system.awaitConsuming(system.green(), TIMEOUT);
        long switched = load.acknowledged();
        await().atMost(TIMEOUT).until(() -> load.acknowledged() >= switched + 600);
        load.stop();

        ValidationResult result = system.awaitAllProcessed(TIMEOUT);
        MembershipStats membership = sampler.stop();
        assertThat(result.clean()).as(result.summary()).isTrue();
        assertThat(result.transitions()).extracting(Transition::to).containsExactly(system.green());
        assertThat(membership.dualSamples()).as(membership.summary()).isZero();
      }
    }
  }
}
