package io.kafkabluegreen.provider.handover;

import static io.kafkabluegreen.provider.support.BlueGreen.BLUE;
import static io.kafkabluegreen.provider.support.BlueGreen.GREEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kafkabluegreen.lifecycle.lease.LeaseState;
import io.kafkabluegreen.provider.offsetsync.OffsetSyncStrategy;
import io.kafkabluegreen.provider.pods.LifecycleClient;
import io.kafkabluegreen.provider.pods.LifecycleClientOptions;
import io.kafkabluegreen.provider.pods.PodCommands;
import io.kafkabluegreen.provider.pods.PodLocator;
import io.kafkabluegreen.provider.rollout.ManagedRollout;
import io.kafkabluegreen.provider.rollout.RolloutReader;
import io.kafkabluegreen.provider.rollout.RolloutRef;
import io.kafkabluegreen.provider.rollout.StrategyName;
import io.kafkabluegreen.provider.support.BlueGreen;
import io.kafkabluegreen.provider.support.FakeConsumerPod;
import io.kafkabluegreen.provider.support.ProviderFixture;
import io.kafkabluegreen.provider.support.ProviderFixture.Response;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Strategy B (docs/design.md §5): one group per revision, committed offsets copied at the switch.
 */
class OffsetSyncIT {

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

  @Test
  void theNewRevisionsGroupStartsExactlyWhereTheOldOneStopped() throws Exception {
    bg = BlueGreen.blueActive(StrategyName.OFFSET_SYNC, Map.of());
    provider =
        ProviderFixture.start(
            ProviderFixture.baseEnv(bg.broker.bootstrapServers()), bg.kube.client());
    bg.broker.produce(bg.topic, 300);
    await().atMost(Duration.ofSeconds(30)).until(() -> bg.processed() == 300);
    String otherTopic = "left-over-" + bg.topic;
    bg.broker.createTopic(otherTopic, 1);
    TopicPartition stale = new TopicPartition(otherTopic, 0);
    bg.broker
        .admin()
        .alterConsumerGroupOffsets(bg.groupOf(GREEN), Map.of(stale, new OffsetAndMetadata(0)))
        .all()
        .get(15, TimeUnit.SECONDS);

    Response toGreen = provider.post(bg.handoverPath(GREEN));

    assertThat(toGreen.body().get("phase").asText()).isEqualTo("Active");
    assertThat(toGreen.body().get("strategy").asText()).isEqualTo("offset-sync");
    Map<TopicPartition, OffsetAndMetadata> blueOffsets = committed(bg.groupOf(BLUE));
    Map<TopicPartition, OffsetAndMetadata> greenOffsets = committed(bg.groupOf(GREEN));
    assertThat(blueOffsets.values().stream().mapToLong(OffsetAndMetadata::offset).sum())
        .isEqualTo(300);
    assertThat(greenOffsets.keySet()).doesNotContain(stale);
    greenOffsets.keySet().retainAll(blueOffsets.keySet());
    assertThat(offsets(greenOffsets)).isEqualTo(offsets(blueOffsets));
    LeaseState lease = bg.leaseState();
    assertThat(lease.allowsConsumption(GREEN)).isTrue();
    bg.awaitOwnedBy(GREEN);

    bg.broker.produce(bg.topic, 200);
    await().atMost(Duration.ofSeconds(30)).until(() -> bg.processed() == 500);
    assertThat(bg.green.stream().mapToLong(FakeConsumerPod::processed).sum()).isEqualTo(200);

    Response toBlue = provider.post(bg.handoverPath(BLUE));
    bg.broker.produce(bg.topic, 100);

    assertThat(toBlue.body().get("phase").asText()).isEqualTo("Active");
    await().atMost(Duration.ofSeconds(30)).until(() -> bg.processed() == 600);
    assertThat(bg.blue.stream().mapToLong(FakeConsumerPod::processed).sum()).isEqualTo(400);
    assertThat(bg.processedOffsets())
        .hasSize(600)
        .allSatisfy((k, v) -> assertThat(v).isEqualTo(1L));
    System.out.printf(
        "OFFSET-SYNC TIMINGS: blue->green %s; green->blue %s%n",
        toGreen.body().get("durationsMs"), toBlue.body().get("durationsMs"));
  }

  @Test
  void groupsOfRevisionsThatAreGoneAreDeletedAfterTheRetentionOnceHealthy() throws Exception {
    bg = BlueGreen.blueActive(StrategyName.OFFSET_SYNC, Map.of());
    bg.broker.produce(bg.topic, 50);
    await().atMost(Duration.ofSeconds(30)).until(() -> bg.processed() == 50);
    String lookalike = bg.group + "-abc123";
    bg.broker
        .admin()
        .alterConsumerGroupOffsets(
            lookalike, Map.of(new TopicPartition(bg.topic, 0), new OffsetAndMetadata(0)))
        .all()
        .get(15, TimeUnit.SECONDS);
    provider =
        ProviderFixture.start(
            ProviderFixture.baseEnv(bg.broker.bootstrapServers()), bg.kube.client());
    assertThat(provider.post(bg.handoverPath(GREEN)).body().get("phase").asText())
        .isEqualTo("Active");
    GroupReader groups = new GroupReader(bg.broker.admin(), Duration.ofSeconds(10));
    OffsetSyncStrategy cleaner =
        new OffsetSyncStrategy(
            new PodLocator(bg.kube.client()),
            new PodCommands(new LifecycleClient(LifecycleClientOptions.defaults())),
            Duration.ofSeconds(5),
            groups,
            Duration.ZERO,
            Clock.systemUTC());
    RolloutReader rollouts = new RolloutReader(bg.kube.client());
    RolloutRef ref = new RolloutRef(bg.namespace, bg.rollout);
    cleaner.cleanUp(rollouts.require(ref), bg.leaseState());
    assertThat(groups.committed(bg.groupOf(BLUE))).isNotEmpty();

    bg.blue.forEach(p -> bg.kube.deletePod(bg.namespace, p.name()));
    bg.kube.editStatus(
        bg.namespace,
        bg.rollout,
        s -> {
          s.put("stableRS", GREEN);
          s.put("currentPodHash", GREEN);
          s.put("blueGreen", Map.of("activeSelector", GREEN));
          s.put("phase", "Progressing");
        });
    ManagedRollout progressing = rollouts.require(ref);
    cleaner.cleanUp(progressing, bg.leaseState());
    assertThat(groups.committed(bg.groupOf(BLUE))).as("kept until Healthy").isNotEmpty();

    bg.kube.editStatus(bg.namespace, bg.rollout, s -> s.put("phase", "Healthy"));
    cleaner.cleanUp(rollouts.require(ref), bg.leaseState());

    assertThat(groupIds()).doesNotContain(bg.groupOf(BLUE)).contains(bg.groupOf(GREEN), lookalike);
  }

  private java.util.Set<String> groupIds() throws Exception {
    java.util.Set<String> ids = new java.util.HashSet<>();
    bg.broker
        .admin()
        .listGroups()
        .all()
        .get(15, TimeUnit.SECONDS)
        .forEach(g -> ids.add(g.groupId()));
    return ids;
  }

  private Map<TopicPartition, OffsetAndMetadata> committed(String group) throws Exception {
    return new java.util.HashMap<>(
        bg.broker
            .admin()
            .listConsumerGroupOffsets(group)
            .partitionsToOffsetAndMetadata()
            .get(15, TimeUnit.SECONDS));
  }

  private static Map<TopicPartition, Long> offsets(Map<TopicPartition, OffsetAndMetadata> map) {
    Map<TopicPartition, Long> result = new java.util.HashMap<>();
    map.forEach((tp, o) -> result.put(tp, o.offset()));
    return result;
  }
}
