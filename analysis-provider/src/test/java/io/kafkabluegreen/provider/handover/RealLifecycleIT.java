package io.kafkabluegreen.provider.handover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.kafkabluegreen.lifecycle.ConsumerLifecycle;
import io.kafkabluegreen.lifecycle.LifecycleOptions;
import io.kafkabluegreen.lifecycle.LifecycleState;
import io.kafkabluegreen.lifecycle.http.LifecycleServer;
import io.kafkabluegreen.lifecycle.lease.LeaseState;
import io.kafkabluegreen.provider.support.KubernetesFixture;
import io.kafkabluegreen.provider.support.LoadProducer;
import io.kafkabluegreen.provider.support.ProviderFixture;
import io.kafkabluegreen.tests.kafka.KafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The provider against the real lifecycle library: blue and green pods are {@link
 * ConsumerLifecycle}s serving {@code /lifecycle} over HTTP and obeying the Lease, a producer runs
 * throughout, and Argo's moves arrive through the Rollout (promotion with its post-promotion POST,
 * then abort). Every processed record is logged with its color, so that the test proves nothing
 * lost, nothing processed twice, and the colors never interleaved.
 */
class RealLifecycleIT {

  private static final String BLUE = "7b1ue0a";
  private static final String GREEN = "8gr33n1";
  private static final String TOKEN = "pod-token";

  /** One handled record. */
  private record Processed(String hash, int partition, long offset, long atNanos) {}

  private final KafkaBroker broker = KafkaBroker.shared();
  private final KubernetesFixture kube = new KubernetesFixture();
  private final String id = UUID.randomUUID().toString().substring(0, 8);
  private final String namespace = "ns-" + id;
  private final String topic = "orders-" + id;
  private final String group = "orders-processor-" + id;
  private final String lease = "orders-kafka-active";
  private final ConcurrentLinkedQueue<Processed> processed = new ConcurrentLinkedQueue<>();
  private final List<ConsumerLifecycle<String, String>> pods = new ArrayList<>();
  private final List<LifecycleServer> servers = new ArrayList<>();
  private ProviderFixture provider;

  @AfterEach
  void tearDown() {
    if (provider != null) {
      provider.close();
    }
    servers.forEach(LifecycleServer::close);
    pods.parallelStream().forEach(ConsumerLifecycle::close);
    kube.close();
  }

  private ConsumerLifecycle<String, String> pod(String hash, int index) {
    String name = "orders-" + hash + "-" + index;
    Map<String, Object> kafka = new HashMap<>();
    kafka.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    kafka.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    kafka.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "500");
    ConsumerLifecycle<String, String> pod =
        ConsumerLifecycle.<String, String>builder()
            .options(LifecycleOptions.of(hash, name, namespace, lease).withAuthToken(TOKEN))
            .kafka(kafka)
            .topics(List.of(topic))
            .group(group)
            .deserializers(new StringDeserializer(), new StringDeserializer())
            .kubernetes(kube.client())
            .clientIdPrefix("consumer-app")
            .handler(
                r ->
                    processed.add(
                        new Processed(hash, r.partition(), r.offset(), System.nanoTime())))
            .build();
    pod.start();
    pods.add(pod);
    LifecycleServer server = LifecycleServer.start(pod, "127.0.0.1", 0);
    servers.add(server);
    kube.pod(namespace, "orders", hash, name, "127.0.0.1", server.port());
    return pod;
  }

  @Test
  void promotionAndAbortThroughTheRolloutUnderLoadLoseNothingAndNeverOverlap() {
    broker.createTopic(topic, 6);
    kube.rollout(namespace, "orders", group, BLUE);
    List<ConsumerLifecycle<String, String>> blue = List.of(pod(BLUE, 0), pod(BLUE, 1));
    await().atMost(Duration.ofSeconds(60)).until(() -> leaseState() != null);
    assertThat(leaseState().allowsConsumption(BLUE)).isTrue();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> blue.stream().allMatch(p -> p.state() == LifecycleState.ACTIVE));
    List<ConsumerLifecycle<String, String>> green = List.of(pod(GREEN, 0), pod(GREEN, 1));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> green.stream().allMatch(p -> p.state() == LifecycleState.STANDBY));

    Map<String, String> env = ProviderFixture.baseEnv(broker.bootstrapServers());
    env.put("PROVIDER_LIFECYCLE_TOKEN", TOKEN);
    env.put("PROVIDER_WATCH_ENABLED", "true");
    env.put("PROVIDER_WATCH_RESYNC_MS", "1000");
    env.put("PROVIDER_NAMESPACE", namespace);
    provider = ProviderFixture.start(env, kube.client());
    await().atMost(Duration.ofSeconds(30)).until(() -> provider.app().leading());

    LoadProducer load = LoadProducer.start(broker, topic, 5);
    long produced;
    JsonNode toGreen;
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> processed.size() > 300);

      // Argo promotes (activeSelector → green) and its post-promotion analysis POSTs the handover.
      kube.promote(namespace, "orders", GREEN);
      CompletableFuture<ProviderFixture.Response> post =
          CompletableFuture.supplyAsync(
              () -> provider.handover(namespace, "orders", GREEN + "&waitMs=30000"));
      toGreen = post.join().body();
      assertThat(toGreen.get("phase").asText()).isEqualTo("Active");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> green.stream().allMatch(p -> p.state() == LifecycleState.ACTIVE));
      int afterGreen = processed.size();
      await().atMost(Duration.ofSeconds(30)).until(() -> processed.size() > afterGreen + 300);

      // The analysis fails: Argo aborts, the active selector goes back to stableRS (blue).
      kube.abort(namespace, "orders");
      await().atMost(Duration.ofSeconds(60)).until(() -> leaseState().allowsConsumption(BLUE));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> blue.stream().allMatch(p -> p.state() == LifecycleState.ACTIVE));
      int afterBlue = processed.size();
      await().atMost(Duration.ofSeconds(30)).until(() -> processed.size() > afterBlue + 300);
    } finally {
      produced = load.stop();
      load.close();
    }

    await().atMost(Duration.ofSeconds(60)).until(() -> processed.size() >= produced);
    Map<String, Long> perPosition =
        processed.stream()
            .collect(
                Collectors.groupingBy(
                    p -> p.partition() + "@" + p.offset(), Collectors.counting()));
    assertThat(perPosition).as("every record processed exactly once").hasSize((int) produced);
    assertThat(perPosition.values()).allMatch(count -> count == 1L);
    List<Processed> timeline =
        processed.stream().sorted(Comparator.comparingLong(Processed::atNanos)).toList();
    int colorChanges = 0;
    for (int i = 1; i < timeline.size(); i++) {
      if (!timeline.get(i).hash().equals(timeline.get(i - 1).hash())) {
        colorChanges++;
      }
    }
    assertThat(colorChanges).as("blue → green → blue, never interleaved").isEqualTo(2);
    JsonNode back =
        provider.get("/v1/rollouts/" + namespace + "/orders/handover").body().get("last");
    assertThat(back.get("targetHash").asText()).isEqualTo(BLUE);
    assertThat(back.get("trigger").asText()).isEqualTo("watcher");
    System.out.printf(
        "REAL LIFECYCLE TIMINGS (2 pods per color, 6 partitions, ~500 records/s, %d records):"
            + " switch to green %s; rollback to blue %s%n",
        produced, toGreen.get("durationsMs"), back.get("durationsMs"));
  }

  private LeaseState leaseState() {
    return kube.leaseState(namespace, lease);
  }
}
