package io.kafkabluegreen.provider.selfcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kafkabluegreen.provider.ProviderApp;
import io.kafkabluegreen.provider.config.ProviderConfig;
import io.kafkabluegreen.tests.kafka.KafkaBroker;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The helm test's self-check against the whole provider and a real broker, as in the Pod. */
class SelfCheckIT {

  private static KafkaBroker broker;
  private static ProviderApp provider;

  @BeforeAll
  static void start() {
    broker = KafkaBroker.shared();
    provider =
        ProviderApp.start(
            ProviderConfig.fromEnv(
                Map.of(
                    "KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
                    "PROVIDER_PORT", "0",
                    "PROVIDER_BIND_ADDRESS", "127.0.0.1",
                    "PROVIDER_WATCH_ENABLED", "false")));
    SelfCheckService readiness = new SelfCheckService(SelfCheckOptions.fromEnv(env("any")));
    await().atMost(Duration.ofSeconds(60)).until(() -> readiness.readiness().passed());
  }

  @AfterAll
  static void stop() {
    provider.close();
  }

  @Test
  void When_TheGroupIsUnknownToKafka_Then_The404NamingItPasses() {
    String group = "selfcheck-absent-" + UUID.randomUUID();

    SelfCheckRun run = SelfCheckRun.of(env(group));

    assertThat(run.exit()).as(run.out()).isZero();
    assertThat(run.lines().get(1)).startsWith("PASS readyz: 200");
    assertThat(run.lines().get(2))
        .startsWith("PASS lag: 404 (Kafka answered) Consumer group '" + group + "'");
  }

  @Test
  void When_TheGroupHasCommittedOffsets_Then_ItsLagIsReported() throws Exception {
    String topic = "selfcheck-" + UUID.randomUUID();
    String group = "selfcheck-present-" + UUID.randomUUID();
    broker.createTopic(topic, 1);
    broker.produce(topic, 0, 5);
    broker
        .admin()
        .alterConsumerGroupOffsets(
            group, Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(2)))
        .all()
        .get();

    SelfCheckRun run = SelfCheckRun.of(env(group));

    assertThat(run.exit()).as(run.out()).isZero();
    assertThat(run.lines().get(2)).startsWith("PASS lag: 200 totalLag=3 maxLag=3");
  }

  private static Map<String, String> env(String group) {
    return Map.of(
        "SELFCHECK_PROVIDER_URL", "http://127.0.0.1:" + provider.port(), "SELFCHECK_GROUP", group);
  }
}
