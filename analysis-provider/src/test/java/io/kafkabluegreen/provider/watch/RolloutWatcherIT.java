package io.kafkabluegreen.provider.watch;

import static io.kafkabluegreen.provider.support.BlueGreen.BLUE;
import static io.kafkabluegreen.provider.support.BlueGreen.GREEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kafkabluegreen.lifecycle.lease.LeasePhase;
import io.kafkabluegreen.provider.support.BlueGreen;
import io.kafkabluegreen.provider.support.FakeConsumerPod;
import io.kafkabluegreen.provider.support.ProviderFixture;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Rollout watcher (docs/design.md §4): Argo's promote, abort and undo reach Kafka through the
 * Rollout's status alone, and a switch interrupted by a provider crash is finished.
 */
class RolloutWatcherIT {

  private BlueGreen bg;
  private ProviderFixture provider;

  @AfterEach
  void tearDown() {
    if (provider != null) {
      provider.close();
    }
    if (bg != null) {
      bg.close();
    }
  }

  private void startWatchingProvider() {
    Map<String, String> env = ProviderFixture.baseEnv(bg.broker.bootstrapServers());
    env.put("PROVIDER_WATCH_ENABLED", "true");
    env.put("PROVIDER_WATCH_RESYNC_MS", "1000");
    env.put("PROVIDER_WATCH_RETRY_BACKOFF_MS", "200");
    env.put("PROVIDER_NAMESPACE", bg.namespace);
    env.put("PROVIDER_IDENTITY", "provider-a");
    env.put("PROVIDER_LEADER_LEASE_DURATION_MS", "3000");
    env.put("PROVIDER_LEADER_RENEW_DEADLINE_MS", "2000");
    env.put("PROVIDER_LEADER_RETRY_PERIOD_MS", "500");
    env.put("PROVIDER_HANDOVER_DRAIN_TIMEOUT_MS", "3000");
    env.put("PROVIDER_HANDOVER_VERIFY_TIMEOUT_MS", "4000");
    env.put("PROVIDER_HANDOVER_STALE_DRAIN_MS", "10000");
    provider = ProviderFixture.start(env, bg.kube.client());
    await().atMost(Duration.ofSeconds(30)).until(() -> provider.app().leading());
  }

  @Test
  void promotionMovesConsumptionToGreenAndAbortBringsItBackToBlue() {
    bg = BlueGreen.blueActive();
    startWatchingProvider();
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(10))
        .until(() -> bg.leaseState().epoch() == 1);

    bg.kube.promote(bg.namespace, bg.rollout, GREEN);

    await().atMost(Duration.ofSeconds(60)).until(() -> bg.leaseState().allowsConsumption(GREEN));
    bg.awaitOwnedBy(GREEN);
    assertThat(bg.blue).allMatch(p -> p.state().equals("STANDBY"));

    bg.kube.abort(bg.namespace, bg.rollout);

    await().atMost(Duration.ofSeconds(60)).until(() -> bg.leaseState().allowsConsumption(BLUE));
    bg.awaitOwnedBy(BLUE);
    assertThat(bg.green).allMatch(p -> p.state().equals("STANDBY"));
    assertThat(bg.leaseState().epoch()).isEqualTo(5);
    var status = provider.get("/v1/rollouts/" + bg.namespace + "/" + bg.rollout + "/handover");
    assertThat(status.body().get("last").get("trigger").asText()).isEqualTo("watcher");
    assertThat(status.body().get("last").get("performedBy").asText()).isEqualTo("provider-a");
  }

  @Test
  void aSwitchLeftDrainingByACrashedProviderIsFinishedByTheNextOne() {
    bg = BlueGreen.blueActive();
    bg.kube.promote(bg.namespace, bg.rollout, GREEN);
    bg.kube.lease(bg.namespace, bg.lease, BLUE, LeasePhase.DRAINING, GREEN, 2, ZonedDateTime.now());

    startWatchingProvider();

    await().atMost(Duration.ofSeconds(60)).until(() -> bg.leaseState().allowsConsumption(GREEN));
    assertThat(bg.leaseState().epoch()).isEqualTo(3);
    bg.awaitOwnedBy(GREEN);
  }

  @Test
  void aStaleDrainTowardsARevisionTheRolloutAbortedIsRolledBack() {
    bg = BlueGreen.blueActive();
    bg.kube.abort(bg.namespace, bg.rollout);
    bg.kube.lease(
        bg.namespace,
        bg.lease,
        BLUE,
        LeasePhase.DRAINING,
        GREEN,
        2,
        ZonedDateTime.now().minusMinutes(10));

    startWatchingProvider();

    await().atMost(Duration.ofSeconds(60)).until(() -> bg.leaseState().allowsConsumption(BLUE));
    assertThat(bg.leaseState().epoch()).isEqualTo(3);
    assertThat(bg.green).allMatch(p -> p.resumes() == 0);
    bg.awaitOwnedBy(BLUE);
  }

  @Test
  void aFailedHandoverIsRetriedUntilItSucceeds() {
    bg = BlueGreen.blueActive();
    bg.green.forEach(p -> bg.kube.setReady(bg.namespace, p.name(), false));
    startWatchingProvider();

    bg.kube.promote(bg.namespace, bg.rollout, GREEN);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                provider
                    .get("/v1/rollouts/" + bg.namespace + "/" + bg.rollout + "/handover")
                    .body()
                    .get("last")
                    .path("phase")
                    .asText()
                    .equals("Failed"));
    assertThat(bg.leaseState().allowsConsumption(BLUE)).isTrue();
    bg.green.forEach(p -> bg.kube.setReady(bg.namespace, p.name(), true));

    await().atMost(Duration.ofSeconds(60)).until(() -> bg.leaseState().allowsConsumption(GREEN));
    bg.awaitOwnedBy(GREEN);
    assertThat(bg.green).allMatch(p -> p.resumes() == 1);
    assertThat(bg.blue).allMatch(FakeConsumerPod -> FakeConsumerPod.pauses() == 1);
  }
}
