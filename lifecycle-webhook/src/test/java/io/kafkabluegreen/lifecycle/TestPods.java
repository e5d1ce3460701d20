package io.kafkabluegreen.lifecycle;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kafkabluegreen.tests.kafka.KafkaBroker;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Several "pods" (ConsumerLifecycle instances) in one JVM, sharing a topic, a group and a Lease;
 * every record any of them processes is logged with the processing pod, so that a test can prove
 * nothing was lost or processed twice.
 */
final class TestPods implements AutoCloseable {

  /** One handled record. */
  record Processed(String hash, String pod, int partition, long offset, long atNanos) {
    String position() {
      return partition + "@" + offset;
    }
  }

  private final KafkaBroker broker;
  private final MockKubernetes kubernetes;
  private final String topic;
  private final String group;
  private final String lease;
  private final Map<String, Object> kafka;
  private Membership membership = Membership.LEAVE;
  private final List<ConsumerLifecycle<String, String>> pods = new ArrayList<>();
  final ConcurrentLinkedQueue<Processed> processed = new ConcurrentLinkedQueue<>();

  TestPods(
      KafkaBroker broker, MockKubernetes kubernetes, String topic, String group, String lease) {
    this(broker, kubernetes, topic, group, lease, Map.of());
  }

  TestPods(
      KafkaBroker broker,
      MockKubernetes kubernetes,
      String topic,
      String group,
      String lease,
      Map<String, Object> kafkaOverrides) {
    this.broker = broker;
    this.kubernetes = kubernetes;
    this.topic = topic;
    this.group = group;
    this.lease = lease;
    this.kafka = new HashMap<>();
    kafka.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    kafka.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    kafka.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "100");
    kafka.putAll(kafkaOverrides);
  }

  /**
   * Leave membership unless a test asks for standby: most tests here state the leave rule ("a
   * standby pod is not a member"); StandbyMembershipIT states the other.
   */
  LifecycleOptions options(String hash, String pod) {
    return LifecycleOptions.of(hash, pod, MockKubernetes.NAMESPACE, lease)
        .withMembership(membership);
  }

  TestPods membership(Membership value) {
    this.membership = value;
    return this;
  }

  ConsumerLifecycle<String, String> start(String hash, String pod) {
    return start(hash, pod, o -> o);
  }

  ConsumerLifecycle<String, String> start(
      String hash, String pod, UnaryOperator<LifecycleOptions> customize) {
    return start(hash, pod, customize, kubernetes.client());
  }

  ConsumerLifecycle<String, String> start(
      String hash, String pod, UnaryOperator<LifecycleOptions> customize, KubernetesClient client) {
    ConsumerLifecycle<String, String> lifecycle = build(hash, pod, customize, client, r -> {});
    lifecycle.start();
    return lifecycle;
  }

  ConsumerLifecycle<String, String> build(
      String hash,
      String pod,
      UnaryOperator<LifecycleOptions> customize,
      KubernetesClient client,
      Consumer<ConsumerRecord<String, String>> work) {
    ConsumerLifecycle<String, String> lifecycle =
        ConsumerLifecycle.<String, String>builder()
            .options(customize.apply(options(hash, pod)))
            .kafka(kafka)
            .topics(List.of(topic))
            .group(group)
            .deserializers(new StringDeserializer(), new StringDeserializer())
            .kubernetes(client)
            .handler(
                record -> {
                  work.accept(record);
                  processed.add(
                      new Processed(
                          hash, pod, record.partition(), record.offset(), System.nanoTime()));
                })
            .build();
    synchronized (pods) {
      pods.add(lifecycle);
    }
    return lifecycle;
  }

  KafkaBroker broker() {
    return broker;
  }

  /** Positions ({@code partition@offset}) processed more than once, by any pod. */
  Set<String> duplicates() {
    Set<String> seen = new HashSet<>();
    Set<String> twice = new TreeSet<>();
    for (Processed p : processed) {
      if (!seen.add(p.position())) {
        twice.add(p.position());
      }
    }
    return twice;
  }

  /** Positions below the topic's end offsets that no pod processed. */
  Set<String> missing() {
    Set<String> seen = new HashSet<>();
    processed.forEach(p -> seen.add(p.position()));
    Set<String> missing = new TreeSet<>();
    endOffsets()
        .forEach(
            (partition, end) -> {
              for (long o = 0; o < end; o++) {
                if (!seen.contains(partition + "@" + o)) {
                  missing.add(partition + "@" + o);
                }
              }
            });
    return missing;
  }

  long produced() {
    return endOffsets().values().stream().mapToLong(Long::longValue).sum();
  }

  Map<Integer, Long> endOffsets() {
    try {
      var partitions =
          broker
              .admin()
              .describeTopics(List.of(topic))
              .allTopicNames()
              .get()
              .get(topic)
              .partitions();
      Map<TopicPartition, OffsetSpec> request = new HashMap<>();
      partitions.forEach(
          p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
      Map<Integer, Long> out = new TreeMap<>();
      broker
          .admin()
          .listOffsets(request)
          .all()
          .get()
          .forEach((tp, info) -> out.put(tp.partition(), info.offset()));
      return out;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The group's committed offsets, by partition. */
  Map<Integer, Long> committed() {
    try {
      Map<Integer, Long> out = new TreeMap<>();
      broker
          .admin()
          .listConsumerGroupOffsets(group)
          .partitionsToOffsetAndMetadata()
          .get()
          .forEach((tp, offset) -> out.put(tp.partition(), offset.offset()));
      return out;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** offset + 1 of the last record processed, by partition, as the commit rule demands. */
  Map<Integer, Long> processedUpTo() {
    Map<Integer, Long> out = new TreeMap<>();
    processed.forEach(p -> out.merge(p.partition(), p.offset() + 1, Math::max));
    return out;
  }

  /** Client ids of the group's members right now. */
  List<String> members() {
    try {
      return broker
          .admin()
          .describeConsumerGroups(List.of(group))
          .describedGroups()
          .get(group)
          .get()
          .members()
          .stream()
          .map(MemberDescription::clientId)
          .toList();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof GroupIdNotFoundException) {
        return List.of(); // not created yet: nobody ever joined
      }
      throw new IllegalStateException(e);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Produces {@code count} records now. */
  void produce(int count) {
    broker.produce(topic, count);
  }

  /** Client ids of the members that hold at least one partition (the group must be Stable). */
  Map<String, Integer> owners() {
    try {
      var description =
          broker.admin().describeConsumerGroups(List.of(group)).describedGroups().get(group).get();
      Map<String, Integer> owners = new TreeMap<>();
      description
          .members()
          .forEach(
              m -> {
                int count = m.assignment().topicPartitions().size();
                if (count > 0) {
                  owners.put(m.clientId(), count);
                }
              });
      return owners;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof GroupIdNotFoundException) {
        return Map.of();
      }
      throw new IllegalStateException(e);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The group's state (Stable, PreparingRebalance, Empty, …). */
  String groupState() {
    try {
      return broker
          .admin()
          .describeConsumerGroups(List.of(group))
          .describedGroups()
          .get(group)
          .get()
          .groupState()
          .toString();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Produces records at about {@code perSecond} in the background until {@code count} are acked.
   */
  CompletableFuture<Void> load(int count, int perSecond) {
    return CompletableFuture.runAsync(
        () -> {
          Properties p = broker.clientProperties();
          p.put(ProducerConfig.ACKS_CONFIG, "all");
          p.put(ProducerConfig.LINGER_MS_CONFIG, "2");
          long interval = 1_000_000_000L / perSecond;
          long next = System.nanoTime();
          try (var producer =
              new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < count; i++) {
              producer.send(new ProducerRecord<>(topic, "k-" + i, "v-" + i));
              next += interval;
              long wait = next - System.nanoTime();
              if (wait > 0) {
                LockSupport.parkNanos(wait);
              }
            }
            producer.flush();
          }
        },
        r -> {
          Thread t = new Thread(r, "load-" + topic);
          t.setDaemon(true);
          t.start();
        });
  }

  @Override
  public void close() {
    List<ConsumerLifecycle<String, String>> all;
    synchronized (pods) {
      all = List.copyOf(pods);
    }
    all.parallelStream().forEach(ConsumerLifecycle::close);
  }
}
