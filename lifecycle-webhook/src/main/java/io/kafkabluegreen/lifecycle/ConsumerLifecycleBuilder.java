package io.kafkabluegreen.lifecycle;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kafkabluegreen.lifecycle.standby.Assignors;
import io.kafkabluegreen.lifecycle.standby.ColorAssignor;
import io.kafkabluegreen.lifecycle.standby.StandbyView;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.Deserializer;

/** Builds a {@link ConsumerLifecycle}; see there for an example. */
public final class ConsumerLifecycleBuilder<K, V> {

  private LifecycleOptions options;
  private final Map<String, Object> kafka = new HashMap<>();
  private List<String> topics;
  private String group;
  private RecordHandler<K, V> handler;
  private CommitHook hook = CommitHook.NONE;
  private OffsetCommitter committer;
  private KubernetesClient kubernetes;
  private Deserializer<K> keyDeserializer;
  private Deserializer<V> valueDeserializer;
  private String clientIdPrefix = "consumer";
  private Function<Map<String, Object>, Consumer<K, V>> consumerFactory;

  ConsumerLifecycleBuilder() {}

  public ConsumerLifecycleBuilder<K, V> options(LifecycleOptions value) {
    this.options = value;
    return this;
  }

  /** Kafka consumer properties ({@code bootstrap.servers}, security, tuning). */
  public ConsumerLifecycleBuilder<K, V> kafka(Map<String, ?> properties) {
    kafka.putAll(properties);
    return this;
  }

  public ConsumerLifecycleBuilder<K, V> topics(List<String> value) {
    this.topics = List.copyOf(value);
    return this;
  }

  /** The base group; in per-revision mode the group is {@code <base>-<hash>}. */
  public ConsumerLifecycleBuilder<K, V> group(String base) {
    this.group = base;
    return this;
  }

  public ConsumerLifecycleBuilder<K, V> handler(RecordHandler<K, V> value) {
    this.handler = value;
    return this;
  }

  /** Runs before every commit, e.g. to flush a producer whose sends the offsets account for. */
  public ConsumerLifecycleBuilder<K, V> beforeCommit(CommitHook value) {
    this.hook = Objects.requireNonNull(value);
    return this;
  }

  /** Commits offsets another way, e.g. in a producer transaction. */
  public ConsumerLifecycleBuilder<K, V> offsetCommitter(OffsetCommitter value) {
    this.committer = value;
    return this;
  }

  /** The client used to watch and create the Lease; the host owns (and closes) it. */
  public ConsumerLifecycleBuilder<K, V> kubernetes(KubernetesClient value) {
    this.kubernetes = value;
    return this;
  }

  public ConsumerLifecycleBuilder<K, V> deserializers(Deserializer<K> key, Deserializer<V> value) {
    this.keyDeserializer = key;
    this.valueDeserializer = value;
    return this;
  }

  /** The Kafka client.id is {@code <prefix>-<hash>-<pod>}, so group descriptions show colors. */
  public ConsumerLifecycleBuilder<K, V> clientIdPrefix(String prefix) {
    this.clientIdPrefix = prefix;
    return this;
  }

  /** Replaces {@code new KafkaConsumer<>(properties)}, e.g. to wrap the consumer in tests. */
  public ConsumerLifecycleBuilder<K, V> consumerFactory(
      Function<Map<String, Object>, Consumer<K, V>> factory) {
    this.consumerFactory = factory;
    return this;
  }

  public ConsumerLifecycle<K, V> build() {
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(topics, "topics");
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(handler, "handler");
    Objects.requireNonNull(kubernetes, "kubernetes");
    if (topics.isEmpty()) {
      throw new IllegalArgumentException("at least one topic is required");
    }
    String effectiveGroup = options.groupMode().groupFor(group, options.hash());
    String clientId = clientIdPrefix + "-" + options.hash() + "-" + options.pod();
    Map<String, Object> properties = new HashMap<>(kafka);
    properties.put(ConsumerConfig.GROUP_ID_CONFIG, effectiveGroup);
    properties.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    // the library commits exactly what the handler finished; auto-commit would commit fetched
    // records
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    boolean consumerProtocol =
        "consumer"
            .equalsIgnoreCase(String.valueOf(properties.get(ConsumerConfig.GROUP_PROTOCOL_CONFIG)));
    Membership membership = options.membership().resolve(options.groupMode(), consumerProtocol);
    StandbyView standby = null;
    if (membership == Membership.STANDBY) {
      standby = new StandbyView(options.hash());
      properties.put(
          ColorAssignor.COOPERATIVE_CONFIG,
          Boolean.toString(
              Assignors.cooperative(
                  properties.get(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG))));
      properties.put(
          ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, ColorAssignor.class.getName());
      properties.put(ColorAssignor.MEMBER_CONFIG, standby);
    }
    Consumer<K, V> consumer =
        consumerFactory != null
            ? consumerFactory.apply(properties)
            : new KafkaConsumer<>(properties, keyDeserializer, valueDeserializer);
    return new ConsumerLifecycle<>(
        options,
        topics,
        effectiveGroup,
        clientId,
        consumer,
        kubernetes,
        handler,
        hook,
        committer,
        consumerProtocol,
        standby);
  }
}
