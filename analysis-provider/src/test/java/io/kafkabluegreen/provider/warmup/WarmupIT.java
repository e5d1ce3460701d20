package io.kafkabluegreen.provider.warmup;

import static io.kafkabluegreen.provider.support.BlueGreen.BLUE;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.kafkabluegreen.provider.rollout.RolloutReader;
import io.kafkabluegreen.provider.support.BlueGreen;
import io.kafkabluegreen.provider.support.FakeConsumerPod;
import io.kafkabluegreen.provider.support.ProviderFixture;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The start-up warm-up must only fill caches: a provider that starts next to a live blue/green
 * system and warms up writes nothing to Kubernetes, changes no consumer group, creates none and
 * calls no pod.
 */
class WarmupIT {

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
  void When_the_provider_starts_and_warms_up_Then_no_Lease_Rollout_group_or_pod_changes()
      throws Exception {
    bg = BlueGreen.blueActive();
    String leaseVersion = lease().getMetadata().getResourceVersion();
    String rolloutVersion = rolloutVersion();
    ConsumerGroupDescription groupBefore = bg.describe(bg.group);
    Map<TopicPartition, OffsetAndMetadata> offsetsBefore = committed(bg.group);
    Set<String> groupsBefore = groupIds();
    Set<String> topicsBefore = bg.broker.topics();

    provider = ProviderFixture.start(env(), bg.kube.client());
    Warmup.Report report = provider.app().warmup().get(60, TimeUnit.SECONDS);

    assertThat(report.failures()).isEmpty();
    assertThat(report.millis())
        .containsOnlyKeys(
            "kubernetes-api", "kubernetes-model", "kafka-admin", "lifecycle-http", "response-json");
    assertThat(lease().getMetadata().getResourceVersion()).isEqualTo(leaseVersion);
    assertThat(bg.leaseState().holder()).isEqualTo(BLUE);
    assertThat(rolloutVersion()).isEqualTo(rolloutVersion);
    ConsumerGroupDescription groupAfter = bg.describe(bg.group);
    assertThat(groupAfter.groupState()).isEqualTo(groupBefore.groupState());
    assertThat(groupAfter.groupEpoch()).isEqualTo(groupBefore.groupEpoch());
    assertThat(clientIds(groupAfter)).isEqualTo(clientIds(groupBefore)).isNotEmpty();
    assertThat(committed(bg.group)).isEqualTo(offsetsBefore);
    assertThat(groupIds()).isEqualTo(groupsBefore).doesNotContain(Warmup.GROUP);
    assertThat(bg.broker.topics()).isEqualTo(topicsBefore).doesNotContain(Warmup.TOPIC);
    assertThat(bg.kube.client().leases().inNamespace(bg.namespace).list().getItems())
        .as("the warm-up only read the leader election's Lease, it did not create it")
        .extracting(l -> l.getMetadata().getName())
        .containsExactly(bg.lease);
    for (FakeConsumerPod pod : all()) {
      assertThat(pod.pauses()).as(pod.name() + " pauses").isZero();
      assertThat(pod.resumes()).as(pod.name() + " resumes").isZero();
    }
  }

  @Test
  void When_the_warm_up_is_switched_off_Then_nothing_is_warmed() throws Exception {
    bg = BlueGreen.blueActive();
    Map<String, String> env = env();
    env.put("PROVIDER_WARMUP_ENABLED", "false");

    provider = ProviderFixture.start(env, bg.kube.client());

    assertThat(provider.app().warmup().get(5, TimeUnit.SECONDS).millis()).isEmpty();
  }

  /**
   * The provider alone, no watcher: whatever changes would be the warm-up's doing. Its leader
   * election's Lease (which the warm-up reads) would live in the Rollout's namespace.
   */
  private Map<String, String> env() {
    Map<String, String> env = ProviderFixture.baseEnv(bg.broker.bootstrapServers());
    env.put("PROVIDER_NAMESPACE", bg.namespace);
    return env;
  }

  private Lease lease() {
    return bg.kube.client().leases().inNamespace(bg.namespace).withName(bg.lease).get();
  }

  private String rolloutVersion() {
    return bg.kube
        .client()
        .genericKubernetesResources(RolloutReader.ROLLOUTS)
        .inNamespace(bg.namespace)
        .withName(bg.rollout)
        .get()
        .getMetadata()
        .getResourceVersion();
  }

  private Map<TopicPartition, OffsetAndMetadata> committed(String group) throws Exception {
    return new HashMap<>(
        bg.broker
            .admin()
            .listConsumerGroupOffsets(group)
            .partitionsToOffsetAndMetadata()
            .get(15, TimeUnit.SECONDS));
  }

  private Set<String> groupIds() throws Exception {
    return bg.broker.admin().listGroups().all().get(15, TimeUnit.SECONDS).stream()
        .map(GroupListing::groupId)
        .collect(Collectors.toSet());
  }

  private static Set<String> clientIds(ConsumerGroupDescription group) {
    return group.members().stream().map(m -> m.clientId()).collect(Collectors.toSet());
  }

  private List<FakeConsumerPod> all() {
    return java.util.stream.Stream.concat(bg.blue.stream(), bg.green.stream()).toList();
  }
}
