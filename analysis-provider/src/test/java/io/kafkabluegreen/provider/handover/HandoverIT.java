package io.kafkabluegreen.provider.handover;

import static io.kafkabluegreen.provider.support.BlueGreen.BLUE;
import static io.kafkabluegreen.provider.support.BlueGreen.GREEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.kafkabluegreen.lifecycle.lease.LeasePhase;
import io.kafkabluegreen.lifecycle.lease.LeaseState;
import io.kafkabluegreen.provider.support.BlueGreen;
import io.kafkabluegreen.provider.support.FakeConsumerPod;
import io.kafkabluegreen.provider.support.LoadProducer;
import io.kafkabluegreen.provider.support.ProviderFixture;
import io.kafkabluegreen.provider.support.ProviderFixture.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The handover protocol (docs/design.md §4) end to end through {@code POST …/handover}: a real
 * broker, real consumers standing in for pods, the Kubernetes API from fabric8's mock server.
 */
class HandoverIT {

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

  private void startProvider(Map<String, String> overrides) {
    Map<String, String> env = ProviderFixture.baseEnv(bg.broker.bootstrapServers());
    env.put("PROVIDER_HANDOVER_DRAIN_TIMEOUT_MS", "3000");
    env.put("PROVIDER_HANDOVER_VERIFY_TIMEOUT_MS", "4000");
    env.put("PROVIDER_HANDOVER_ACTIVATE_TIMEOUT_MS", "30000");
    env.put("PROVIDER_HANDOVER_STALE_DRAIN_MS", "10000");
    env.putAll(overrides);
    provider = ProviderFixture.start(env, bg.kube.client());
  }

  private Response handover(String hash) {
    return provider.post(bg.handoverPath(hash));
  }

  @Test
  void switchUnderLoadMovesEveryPartitionToGreenAndBackWithNothingLostOrTwice() {
    bg = BlueGreen.blueActive();
    startProvider(Map.of());
    LoadProducer load = LoadProducer.start(bg.broker, bg.topic, 5);
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> bg.processed() > 200);

      Response toGreen = handover(GREEN);

      assertThat(toGreen.status()).isEqualTo(200);
      JsonNode result = toGreen.body();
      assertThat(result.get("phase").asText()).isEqualTo("Active");
      assertThat(result.get("activeHash").asText()).isEqualTo(GREEN);
      assertThat(result.get("previousHash").asText()).isEqualTo(BLUE);
      assertThat(result.get("changed").asBoolean()).isTrue();
      assertThat(names(result.get("pausedPods"))).containsExactlyInAnyOrder(names(bg.blue));
      assertThat(names(result.get("resumedPods"))).containsExactlyInAnyOrder(names(bg.green));
      assertThat(result.get("durationsMs").get("total").asLong())
          .isGreaterThanOrEqualTo(result.get("durationsMs").get("activate").asLong());
      LeaseState lease = bg.leaseState();
      assertThat(lease.holder()).isEqualTo(GREEN);
      assertThat(lease.phase()).isEqualTo(LeasePhase.ACTIVE);
      assertThat(lease.epoch()).isEqualTo(3);
      assertThat(bg.members(bg.group)).allMatch(id -> id.startsWith("consumer-app-" + GREEN));
      assertThat(FakeConsumerPod.states(bg.blue)).containsValues("STANDBY", "STANDBY");
      long greenBefore = bg.green.stream().mapToLong(FakeConsumerPod::processed).sum();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  bg.green.stream().mapToLong(FakeConsumerPod::processed).sum()
                      > greenBefore + 100);

      Response toBlue = handover(BLUE);

      assertThat(toBlue.body().get("phase").asText()).isEqualTo("Active");
      assertThat(bg.leaseState().holder()).isEqualTo(BLUE);
      assertThat(bg.leaseState().epoch()).isEqualTo(5);
      System.out.printf(
          "HANDOVER TIMINGS (2 pods per color, 6 partitions, ~500 records/s): blue->green %s; green->blue %s%n",
          toGreen.body().get("durationsMs"), toBlue.body().get("durationsMs"));
    } finally {
      long produced = load.stop();
      load.close();
      await().atMost(Duration.ofSeconds(60)).until(() -> bg.processed() >= produced);
      Map<String, Long> offsets = bg.processedOffsets();
      assertThat(offsets).hasSize((int) produced);
      assertThat(offsets.values()).allMatch(count -> count == 1L);
    }
  }

  @Test
  void repeatingThePostAfterSuccessAnswersActiveAtOnceWithoutTouchingTheLease() {
    bg = BlueGreen.blueActive();
    startProvider(Map.of());
    assertThat(handover(GREEN).body().get("phase").asText()).isEqualTo("Active");
    long epoch = bg.leaseState().epoch();

    Response again = handover(GREEN);

    assertThat(again.status()).isEqualTo(200);
    assertThat(again.body().get("phase").asText()).isEqualTo("Active");
    assertThat(again.body().get("changed").asBoolean()).isFalse();
    assertThat(again.body().get("pausedPods")).isEmpty();
    assertThat(bg.leaseState().epoch()).isEqualTo(epoch);
    assertThat(bg.blue).allMatch(p -> p.pauses() == 1);
  }

  @Test
  void twoConcurrentPostsForTheSameHashShareOneHandover() {
    bg = BlueGreen.blueActive();
    startProvider(Map.of());

    CompletableFuture<Response> first = CompletableFuture.supplyAsync(() -> handover(GREEN));
    CompletableFuture<Response> second = CompletableFuture.supplyAsync(() -> handover(GREEN));

    assertThat(first.join().body().get("phase").asText()).isEqualTo("Active");
    assertThat(second.join().body().get("phase").asText()).isEqualTo("Active");
    assertThat(bg.leaseState().epoch()).isEqualTo(3);
    assertThat(bg.green).allMatch(p -> p.resumes() == 1);
  }

  @Test
  void aPostTowardsAnotherHashWhileAHandoverRunsIsAConflict() {
    bg = BlueGreen.blueActive();
    startProvider(
        Map.of(
            "PROVIDER_HANDOVER_DRAIN_TIMEOUT_MS",
            "20000",
            "PROVIDER_HANDOVER_STALE_DRAIN_MS",
            "60000"));
    bg.blue.get(0).hangOnPause();

    Response running = provider.post(bg.handoverPath(GREEN) + "&waitMs=0");
    Response conflict = handover(BLUE);

    assertThat(running.status()).isEqualTo(200);
    assertThat(running.body().get("phase").asText()).isEqualTo("InProgress");
    assertThat(conflict.status()).isEqualTo(409);
    assertThat(conflict.contentType()).startsWith("application/problem+json");
    assertThat(conflict.body().get("detail").asText()).contains(GREEN);
    bg.blue.get(0).releasePause();
    Response joined = handover(GREEN);
    assertThat(joined.body().get("phase").asText()).isEqualTo("Active");
    assertThat(bg.leaseState().holder()).isEqualTo(GREEN);
  }

  @Test
  void anUnreachablePodThatIsStillAMemberBlocksTheFlipAndBlueIsRestored() {
    bg = BlueGreen.blueActive();
    startProvider(Map.of());
    FakeConsumerPod silent = bg.blue.get(0);
    silent.stopHttp();

    Response result = handover(GREEN);

    assertThat(result.status()).isEqualTo(200);
    JsonNode body = result.body();
    assertThat(body.get("phase").asText()).isEqualTo("Failed");
    assertThat(body.get("step").asText()).isEqualTo("rollback");
    assertThat(body.get("reason").asText()).contains("still has members").contains(silent.name());
    assertThat(body.get("unconfirmedPods").get(0).get("pod").asText()).isEqualTo(silent.name());
    LeaseState lease = bg.leaseState();
    assertThat(lease.holder()).isEqualTo(BLUE);
    assertThat(lease.phase()).isEqualTo(LeasePhase.ACTIVE);
    assertThat(lease.epoch()).isEqualTo(3);
    assertThat(bg.green).allMatch(p -> p.resumes() == 0 && p.state().equals("STANDBY"));
    assertThat(bg.blue.get(1).state()).isEqualTo("ACTIVE");
    assertThat(names(body.get("resumedPods"))).containsExactly(bg.blue.get(1).name());
    assertThat(bg.members(bg.group)).noneMatch(id -> id.contains(GREEN));
  }

  @Test
  void aPodThatDoesNotAnswerThePauseFailsTheHandoverAndBlueKeepsConsuming() {
    bg = BlueGreen.blueActive();
    startProvider(Map.of("PROVIDER_HANDOVER_DRAIN_TIMEOUT_MS", "1000"));
    FakeConsumerPod hung = bg.blue.get(0);
    hung.hangOnPause();

    Response result = handover(GREEN);

    assertThat(result.body().get("phase").asText()).isEqualTo("Failed");
    assertThat(result.body().get("unconfirmedPods").get(0).get("reason").asText())
        .isEqualTo("no answer in time");
    assertThat(bg.leaseState().allowsConsumption(BLUE)).isTrue();
    assertThat(bg.green).allMatch(p -> p.resumes() == 0);
    hung.releasePause();
    long before = bg.processed();
    bg.broker.produce(bg.topic, 100);
    await().atMost(Duration.ofSeconds(30)).until(() -> bg.processed() >= before + 100);
    assertThat(bg.green).allMatch(p -> p.processed() == 0);
  }

  @Test
  void aTargetWithoutReadyPodsFailsWithoutTouchingTheLease() {
    bg = BlueGreen.blueActive();
    startProvider(Map.of());
    bg.green.forEach(p -> bg.kube.setReady(bg.namespace, p.name(), false));

    Response result = handover(GREEN);

    assertThat(result.body().get("phase").asText()).isEqualTo("Failed");
    assertThat(result.body().get("step").asText()).isEqualTo("read");
    assertThat(result.body().get("skippedPods")).hasSize(2);
    assertThat(bg.leaseState().epoch()).isEqualTo(1);
    assertThat(bg.blue).allMatch(p -> p.pauses() == 0);
  }

  @Test
  void whenGreenDoesNotTakeOverAfterTheFlipTheLeaseStaysGreenForTheRolloutToDecide() {
    bg = BlueGreen.blueActive();
    startProvider(Map.of("PROVIDER_HANDOVER_ACTIVATE_TIMEOUT_MS", "1500"));
    bg.green.forEach(p -> p.refuseResume(500));

    Response result = handover(GREEN);

    assertThat(result.body().get("phase").asText()).isEqualTo("Failed");
    assertThat(result.body().get("step").asText()).isEqualTo("activate");
    assertThat(result.body().get("reason").asText()).contains("no member of revision " + GREEN);
    assertThat(result.body().get("unconfirmedPods")).hasSize(2);
    assertThat(bg.leaseState().allowsConsumption(GREEN)).isTrue();
    assertThat(bg.blue).allMatch(p -> p.state().equals("STANDBY"));
  }

  @Test
  void aLeaseLeftDrainingTowardsTheTargetByACrashedProviderIsCompleted() {
    bg = BlueGreen.blueActive();
    bg.kube.lease(
        bg.namespace, bg.lease, BLUE, LeasePhase.DRAINING, GREEN, 7, java.time.ZonedDateTime.now());
    startProvider(Map.of());

    Response result = handover(GREEN);

    assertThat(result.body().get("phase").asText()).isEqualTo("Active");
    assertThat(names(result.body().get("pausedPods"))).containsExactlyInAnyOrder(names(bg.blue));
    LeaseState lease = bg.leaseState();
    assertThat(lease.allowsConsumption(GREEN)).isTrue();
    assertThat(lease.epoch()).isEqualTo(8);
    bg.awaitOwnedBy(GREEN);
  }

  @Test
  void aFreshDrainTowardsAnotherHashIsAConflictButAStaleOneIsRolledBack() {
    bg = BlueGreen.blueActive();
    startProvider(Map.of());
    bg.kube.lease(
        bg.namespace, bg.lease, BLUE, LeasePhase.DRAINING, GREEN, 4, java.time.ZonedDateTime.now());

    Response fresh = handover(BLUE);

    assertThat(fresh.status()).isEqualTo(409);
    assertThat(bg.leaseState().epoch()).isEqualTo(4);

    bg.kube.lease(
        bg.namespace,
        bg.lease,
        BLUE,
        LeasePhase.DRAINING,
        GREEN,
        4,
        java.time.ZonedDateTime.now().minusMinutes(5));

    Response stale = handover(BLUE);

    assertThat(stale.status()).isEqualTo(200);
    assertThat(stale.body().get("phase").asText()).isEqualTo("Active");
    assertThat(stale.body().get("changed").asBoolean()).isTrue();
    LeaseState lease = bg.leaseState();
    assertThat(lease.allowsConsumption(BLUE)).isTrue();
    assertThat(lease.epoch()).isEqualTo(5);
    assertThat(lease.target()).isEmpty();
  }

  @Test
  void aCompareAndSwapLostToAHarmlessWriteIsRetried() {
    bg = BlueGreen.blueActive();
    startProvider(Map.of());
    bg.blue.get(0).onPause(pod -> bg.kube.touchLease(bg.namespace, bg.lease));

    Response result = handover(GREEN);

    assertThat(result.body().get("phase").asText()).isEqualTo("Active");
    assertThat(bg.leaseState().allowsConsumption(GREEN)).isTrue();
    assertThat(bg.leaseState().epoch()).isEqualTo(3);
    // The flip was written on top of the other write, so it re-read the Lease first.
    assertThat(
            bg.kube
                .client()
                .leases()
                .inNamespace(bg.namespace)
                .withName(bg.lease)
                .get()
                .getMetadata()
                .getAnnotations())
        .containsKey("example.com/touched");
  }

  @Test
  void aLeaseChangedByAnotherActorDuringTheSwitchIsLeftAloneAndGreenIsNotResumed() {
    bg = BlueGreen.blueActive();
    startProvider(Map.of());
    bg.blue
        .get(0)
        .onPause(
            pod ->
                bg.kube.lease(
                    bg.namespace,
                    bg.lease,
                    BLUE,
                    LeasePhase.ACTIVE,
                    "",
                    99,
                    java.time.ZonedDateTime.now()));

    Response result = handover(GREEN);

    assertThat(result.body().get("phase").asText()).isEqualTo("Failed");
    assertThat(result.body().get("reason").asText()).contains("changed by another actor");
    assertThat(bg.leaseState().epoch()).isEqualTo(99);
    assertThat(bg.green).allMatch(p -> p.resumes() == 0);
  }

  @Test
  void aSwitchAnotherProviderCompletesMeanwhileIsJoinedRatherThanFailed() {
    bg = BlueGreen.blueActive();
    startProvider(
        Map.of(
            "PROVIDER_HANDOVER_VERIFY_TIMEOUT_MS",
            "8000",
            "PROVIDER_HANDOVER_STALE_DRAIN_MS",
            "60000"));
    bg.blue
        .get(0)
        .onPause(
            pod -> {
              // Another provider finished the same switch while this one was pausing.
              pod.pauseNow();
              bg.blue.get(1).pauseNow();
              bg.kube.lease(
                  bg.namespace,
                  bg.lease,
                  GREEN,
                  LeasePhase.ACTIVE,
                  "",
                  3,
                  java.time.ZonedDateTime.now());
              bg.green.forEach(FakeConsumerPod::activate);
              bg.awaitOwnedBy(GREEN);
            });

    Response result = handover(GREEN);

    assertThat(result.body().get("phase").asText()).isEqualTo("Active");
    assertThat(result.body().get("durationsMs").get("verify").asLong()).isLessThan(8000);
    assertThat(bg.leaseState().allowsConsumption(GREEN)).isTrue();
    assertThat(bg.leaseState().epoch()).isEqualTo(3);
  }

  @Test
  void withoutALeaseOneIsCreatedAndHandedToTheTarget() {
    bg =
        BlueGreen.create(2, io.kafkabluegreen.provider.rollout.StrategyName.PAUSE_RESUME, Map.of());
    startProvider(Map.of());

    Response result = handover(GREEN);

    assertThat(result.body().get("phase").asText()).isEqualTo("Active");
    assertThat(result.body().get("previousHash").asText()).isEmpty();
    assertThat(bg.leaseState().allowsConsumption(GREEN)).isTrue();
    bg.awaitOwnedBy(GREEN);
  }

  @Test
  void getHandoverShowsTheLeaseAndTheLastResult() {
    bg = BlueGreen.blueActive();
    startProvider(Map.of());
    handover(GREEN);

    Response status = provider.get("/v1/rollouts/" + bg.namespace + "/" + bg.rollout + "/handover");

    assertThat(status.status()).isEqualTo(200);
    assertThat(status.body().get("lease").get("holder").asText()).isEqualTo(GREEN);
    assertThat(status.body().get("lease").get("phase").asText()).isEqualTo("Active");
    assertThat(status.body().get("lease").get("epoch").asLong()).isEqualTo(3);
    assertThat(status.body().get("desiredHash").asText()).isEqualTo(BLUE);
    assertThat(status.body().get("last").get("targetHash").asText()).isEqualTo(GREEN);
    assertThat(status.body().get("running").isNull()).isTrue();
  }

  @Test
  void theConsumerGroupProtocolHandsOverToo() {
    bg =
        BlueGreen.blueActive(
            io.kafkabluegreen.provider.rollout.StrategyName.PAUSE_RESUME,
            Map.of("group.protocol", "consumer"));
    startProvider(Map.of());

    Response toGreen = handover(GREEN);
    Response toBlue = handover(BLUE);

    assertThat(toGreen.body().get("phase").asText()).isEqualTo("Active");
    assertThat(toBlue.body().get("phase").asText()).isEqualTo("Active");
    bg.awaitOwnedBy(BLUE);
    System.out.printf(
        "HANDOVER TIMINGS (group.protocol=consumer): blue->green %s; green->blue %s%n",
        toGreen.body().get("durationsMs"), toBlue.body().get("durationsMs"));
  }

  @Test
  void metricsCountResultsAndTimeSteps() {
    bg = BlueGreen.blueActive();
    startProvider(Map.of());
    handover(GREEN);
    handover(GREEN);

    String metrics = provider.getText("/metrics");

    assertThat(metrics)
        .contains(
            "kafka_bluegreen_handovers_total{strategy=\"pause-resume\",result=\"active\",} 1.0");
    assertThat(metrics)
        .contains(
            "kafka_bluegreen_handovers_total{strategy=\"pause-resume\",result=\"noop\",} 1.0");
    assertThat(metrics)
        .contains("kafka_bluegreen_handover_step_seconds_count{step=\"verify\",} 1.0");
    assertThat(metrics)
        .contains(
            "kafka_bluegreen_active_hash_info{namespace=\""
                + bg.namespace
                + "\",rollout=\"orders\",hash=\""
                + GREEN
                + "\",} 1.0");
  }

  private static List<String> names(JsonNode array) {
    List<String> names = new ArrayList<>();
    array.forEach(n -> names.add(n.asText()));
    return names;
  }

  private static String[] names(List<FakeConsumerPod> pods) {
    return pods.stream().map(FakeConsumerPod::name).toArray(String[]::new);
  }
}
