package io.kafkabluegreen.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkabluegreen.app.failure.FailureMode;
import io.kafkabluegreen.common.config.ConfigException;
import io.kafkabluegreen.lifecycle.GroupMode;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AppConfigTest {

  private static Map<String, String> minimal() {
    Map<String, String> env = new HashMap<>();
    env.put("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092");
    env.put("APP_TOPICS", "orders, payments");
    env.put("APP_GROUP", "processor");
    env.put("LIFECYCLE_LEASE_NAME", "app-kafka-active");
    env.put("POD_TEMPLATE_HASH", "6d5f7c9b8");
    env.put("POD_NAME", "app-6d5f7c9b8-abcde");
    return env;
  }

  @Test
  void When_minimal_Then_the_documented_defaults_apply() {
    AppConfig config = AppConfig.fromEnv(minimal());

    assertThat(config.topics()).containsExactly("orders", "payments");
    assertThat(config.auditTopic()).isEqualTo("audit");
    assertThat(config.port()).isEqualTo(8080);
    assertThat(config.bindAddress()).isEqualTo("0.0.0.0");
    assertThat(config.failureMode()).isEqualTo(FailureMode.NONE);
    assertThat(config.transactional()).isFalse();
    assertThat(config.kafka()).containsEntry("bootstrap.servers", "kafka:9092");
    assertThat(config.lifecycle().groupMode()).isEqualTo(GroupMode.SHARED);
    assertThat(config.lifecycle().commitInterval()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void When_transactional_Then_every_batch_is_committed_before_the_next_poll() {
    Map<String, String> env = minimal();
    env.put("APP_TRANSACTIONAL", "true");
    assertThat(AppConfig.fromEnv(env).lifecycle().commitInterval()).isZero();
  }

  @Test
  void When_failure_injection_is_set_Then_it_is_read() {
    Map<String, String> env = minimal();
    env.put("APP_FAILURE_MODE", "latency");
    env.put("APP_FAILURE_RATE", "0.25");
    env.put("APP_LATENCY_MS", "40");
    env.put("APP_CRASH_AFTER", "1000");
    AppConfig config = AppConfig.fromEnv(env);
    assertThat(config.failureMode()).isEqualTo(FailureMode.LATENCY);
    assertThat(config.failureRate()).isEqualTo(0.25);
    assertThat(config.latency()).isEqualTo(Duration.ofMillis(40));
    assertThat(config.crashAfter()).isEqualTo(1000);
  }

  @Test
  void When_everything_is_wrong_Then_every_problem_is_listed() {
    Map<String, String> env = new HashMap<>();
    env.put("APP_FAILURE_RATE", "1.5");
    env.put("APP_FAILURE_MODE", "explode");
    env.put("APP_PORT", "70000");
    assertThatThrownBy(() -> AppConfig.fromEnv(env))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .anyMatch(p -> p.startsWith("APP_TOPICS"))
                    .anyMatch(p -> p.startsWith("APP_GROUP"))
                    .anyMatch(p -> p.startsWith("APP_FAILURE_RATE"))
                    .anyMatch(p -> p.startsWith("APP_FAILURE_MODE"))
                    .anyMatch(p -> p.startsWith("APP_PORT"))
                    .anyMatch(p -> p.startsWith("KAFKA_BOOTSTRAP_SERVERS"))
                    .anyMatch(p -> p.startsWith("LIFECYCLE_LEASE_NAME"))
                    .anyMatch(p -> p.startsWith("POD_TEMPLATE_HASH")));
  }

  @Test
  void When_the_audit_topic_is_a_source_Then_start_up_fails() {
    Map<String, String> env = minimal();
    env.put("APP_AUDIT_TOPIC", "orders");
    assertThatThrownBy(() -> AppConfig.fromEnv(env)).hasMessageContaining("APP_AUDIT_TOPIC");
  }

  @Test
  void The_producer_gets_acks_all_idempotence_and_no_consumer_settings() {
    Map<String, String> env = minimal();
    env.put("KAFKA_GROUP_PROTOCOL", "consumer");
    env.put("KAFKA_MAX_POLL_RECORDS", "100");
    env.put("APP_TRANSACTIONAL", "true");
    AppConfig config = AppConfig.fromEnv(env);
    Map<String, Object> producer = ConsumerApp.producerProperties(config, "consumer-app-h-p");
    assertThat(producer)
        .containsEntry("acks", "all")
        .containsEntry("enable.idempotence", "true")
        .containsEntry("transactional.id", "consumer-app-h-p")
        .doesNotContainKeys("group.protocol", "max.poll.records");
    assertThat(ConsumerApp.consumerProperties(config))
        .containsEntry("group.protocol", "consumer")
        .containsEntry("isolation.level", "read_committed")
        .containsEntry("auto.offset.reset", "earliest");
    assertThat(List.copyOf(config.topics())).hasSize(2);
  }
}
