package io.kafkabluegreen.lifecycle;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kafkabluegreen.tests.kafka.KafkaBroker;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;

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

  LifecycleOptions options(String hash, String pod) {
    return LifecycleOptions.of(hash, pod, MockKubernetes.NAMESPACE, lease);
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
      java.util.function.Consumer<org.apache.kafka.clients.consumer.ConsumerRecord<String, String>>
          work) {
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

  @Override
  public void close() {
    List<ConsumerLifecycle<String, String>> all;
    synchronized (pods) {
      all = List.copyOf(pods);
    }
    all.parallelStream().forEach(ConsumerLifecycle::close);
  }
}
