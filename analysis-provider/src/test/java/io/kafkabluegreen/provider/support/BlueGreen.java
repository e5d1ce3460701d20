package io.kafkabluegreen.provider.support;

import static org.awaitility.Awaitility.await;

import io.kafkabluegreen.lifecycle.lease.LeaseState;
import io.kafkabluegreen.provider.rollout.ManagedRollout;
import io.kafkabluegreen.provider.rollout.StrategyName;
import io.kafkabluegreen.tests.kafka.KafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * One Rollout with a blue and a green revision, each a few {@link FakeConsumerPod}s, on the shared
 * real broker and a mock Kubernetes API: the common ground of the handover integration tests. Names
 * are unique per instance so that tests can share the broker.
 */
public final class BlueGreen implements AutoCloseable {

  public static final String BLUE = "b1ue5a7";
  public static final String GREEN = "9reen42";
  public static final int PARTITIONS = 6;

  public final KafkaBroker broker = KafkaBroker.shared();
  public final KubernetesFixture kube = new KubernetesFixture();
  public final String namespace;
  public final String rollout = "orders";
  public final String topic;
  public final String group;
  public final String lease = "orders-kafka-active";
  public final StrategyName strategy;
  public final List<FakeConsumerPod> blue = new ArrayList<>();
  public final List<FakeConsumerPod> green = new ArrayList<>();
  private final Map<String, String> consumerProperties;

  private BlueGreen(StrategyName strategy, Map<String, String> consumerProperties) {
    String id = UUID.randomUUID().toString().substring(0, 8);
    this.namespace = "ns-" + id;
    this.topic = "orders-" + id;
    this.group = "orders-processor-" + id;
    this.strategy = strategy;
    this.consumerProperties = consumerProperties;
  }

  /** Blue and green pods (standby), the Rollout pointing at blue, no Lease yet. */
  public static BlueGreen create(
      int podsPerColor, StrategyName strategy, Map<String, String> consumerProperties) {
    BlueGreen bg = new BlueGreen(strategy, consumerProperties);
    bg.broker.createTopic(bg.topic, PARTITIONS);
    Map<String, String> annotations = new HashMap<>();
    annotations.put(ManagedRollout.GROUP_ANNOTATION, bg.group);
    annotations.put(ManagedRollout.STRATEGY_ANNOTATION, strategy.wire());
    bg.kube.rollout(bg.namespace, bg.rollout, annotations, BLUE);
    for (int i = 0; i < podsPerColor; i++) {
      bg.blue.add(bg.addPod(BLUE, i));
      bg.green.add(bg.addPod(GREEN, i));
    }
    return bg;
  }

  /** Two pods per color, strategy C, classic protocol; blue holds the Lease and owns the group. */
  public static BlueGreen blueActive() {
    return blueActive(StrategyName.PAUSE_RESUME, Map.of());
  }

  public static BlueGreen blueActive(
      StrategyName strategy, Map<String, String> consumerProperties) {
    BlueGreen bg = create(2, strategy, consumerProperties);
    bg.kube.activeLease(bg.namespace, bg.lease, BLUE);
    bg.blue.forEach(FakeConsumerPod::activate);
    bg.awaitOwnedBy(BLUE);
    return bg;
  }

  private FakeConsumerPod addPod(String hash, int index) {
    String name = rollout + "-" + hash + "-" + index;
    String podGroup = strategy == StrategyName.OFFSET_SYNC ? group + "-" + hash : group;
    FakeConsumerPod pod =
        FakeConsumerPod.start(broker, name, hash, podGroup, List.of(topic), consumerProperties);
    kube.pod(namespace, rollout, hash, name, "127.0.0.1", pod.port());
    return pod;
  }

  public String groupOf(String hash) {
    return strategy == StrategyName.OFFSET_SYNC ? group + "-" + hash : group;
  }

  public List<FakeConsumerPod> pods(String hash) {
    return hash.equals(BLUE) ? blue : green;
  }

  public LeaseState leaseState() {
    return kube.leaseState(namespace, lease);
  }

  public ConsumerGroupDescription describe(String groupId) {
    try {
      return broker
          .admin()
          .describeConsumerGroups(List.of(groupId))
          .describedGroups()
          .get(groupId)
          .get(15, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Client ids of the group's members. */
  public Set<String> members(String groupId) {
    Set<String> ids = new HashSet<>();
    for (MemberDescription m : describe(groupId).members()) {
      ids.add(m.clientId());
    }
    return ids;
  }

  /** Waits until {@code hash}'s pods are the only members and own every partition. */
  public void awaitOwnedBy(String hash) {
    await()
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions() // a consumer-protocol group does not exist until its first member
        .until(
            () -> {
              ConsumerGroupDescription d = describe(groupOf(hash));
              Set<TopicPartition> assigned = new HashSet<>();
              boolean onlyHash = !d.members().isEmpty();
              for (MemberDescription m : d.members()) {
                assigned.addAll(m.assignment().topicPartitions());
                onlyHash &= m.clientId().startsWith("consumer-app-" + hash + "-");
              }
              return onlyHash && assigned.size() == PARTITIONS;
            });
  }

  public long processed() {
    long total = 0;
    for (FakeConsumerPod pod : all()) {
      total += pod.processed();
    }
    return total;
  }

  /** How often each offset was processed, summed over every pod. */
  public Map<String, Long> processedOffsets() {
    Map<String, Long> counts = new HashMap<>();
    for (FakeConsumerPod pod : all()) {
      pod.seen().forEach((k, v) -> counts.merge(k, v, Long::sum));
    }
    return counts;
  }

  public List<FakeConsumerPod> all() {
    List<FakeConsumerPod> all = new ArrayList<>(blue);
    all.addAll(green);
    return all;
  }

  public String handoverPath(String hash) {
    return "/v1/rollouts/" + namespace + "/" + rollout + "/handover?to=" + hash;
  }

  @Override
  public void close() {
    all().parallelStream().forEach(FakeConsumerPod::close);
    kube.close();
  }
}
