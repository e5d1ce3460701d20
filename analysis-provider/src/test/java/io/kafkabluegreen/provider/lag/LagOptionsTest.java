package io.kafkabluegreen.provider.lag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkabluegreen.common.config.ConfigException;
import io.kafkabluegreen.provider.config.ProviderConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.IsolationLevel;
import org.junit.jupiter.api.Test;

class LagOptionsTest {

  private static Map<String, String> env(String... keyValues) {
    Map<String, String> env = new HashMap<>();
    env.put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
    for (int i = 0; i < keyValues.length; i += 2) {
      env.put(keyValues[i], keyValues[i + 1]);
    }
    return env;
  }

  @Test
  void When_nothing_is_set_Then_defaults_apply() {
    LagOptions lag = ProviderConfig.fromEnv(env()).lag();

    assertThat(lag.isolation()).isEqualTo(IsolationLevel.READ_UNCOMMITTED);
    assertThat(lag.uncommitted()).isEqualTo(UncommittedPolicy.EARLIEST);
    assertThat(lag.window()).isEqualTo(Duration.ofMinutes(5));
    assertThat(lag.sampleInterval()).isEqualTo(Duration.ofSeconds(15));
    assertThat(lag.maxSamples()).isEqualTo(40);
    assertThat(lag.maxGroups()).isEqualTo(100);
    assertThat(lag.groupExpiry()).isEqualTo(Duration.ofHours(1));
    assertThat(lag.okThreshold()).isZero();
    assertThat(LagOptions.defaults()).isEqualTo(lag);
  }

  @Test
  void When_every_key_is_set_Then_each_is_read() {
    ProviderConfig config =
        ProviderConfig.fromEnv(
            env(
                "PROVIDER_LAG_ISOLATION", "read_committed",
                "PROVIDER_LAG_UNCOMMITTED", "latest",
                "PROVIDER_LAG_WINDOW_MS", "60000",
                "PROVIDER_LAG_SAMPLE_INTERVAL_MS", "5000",
                "PROVIDER_LAG_MAX_SAMPLES", "13",
                "PROVIDER_LAG_MAX_GROUPS", "7",
                "PROVIDER_LAG_GROUP_EXPIRY_MS", "120000",
                "PROVIDER_LAG_OK_THRESHOLD", "250"));

    assertThat(config.lag())
        .isEqualTo(
            new LagOptions(
                IsolationLevel.READ_COMMITTED,
                UncommittedPolicy.LATEST,
                Duration.ofMinutes(1),
                Duration.ofSeconds(5),
                13,
                7,
                Duration.ofMinutes(2),
                250));
    assertThat(config.description())
        .contains("PROVIDER_LAG_ISOLATION=read_committed")
        .contains("PROVIDER_LAG_OK_THRESHOLD=250");
  }

  @Test
  void When_several_values_are_bad_Then_all_are_reported_at_once() {
    assertThatThrownBy(
            () ->
                ProviderConfig.fromEnv(
                    env(
                        "PROVIDER_LAG_ISOLATION", "serializable",
                        "PROVIDER_LAG_UNCOMMITTED", "middle",
                        "PROVIDER_LAG_MAX_GROUPS", "0",
                        "PROVIDER_LAG_OK_THRESHOLD", "lots")))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .hasSize(4)
                    .anySatisfy(p -> assertThat(p).startsWith("PROVIDER_LAG_ISOLATION"))
                    .anySatisfy(p -> assertThat(p).startsWith("PROVIDER_LAG_UNCOMMITTED"))
                    .anySatisfy(p -> assertThat(p).startsWith("PROVIDER_LAG_MAX_GROUPS"))
                    .anySatisfy(p -> assertThat(p).startsWith("PROVIDER_LAG_OK_THRESHOLD")));
  }

  @Test
  void When_window_holds_fewer_than_two_samples_Then_rejected() {
    assertThatThrownBy(
            () ->
                ProviderConfig.fromEnv(
                    env(
                        "PROVIDER_LAG_WINDOW_MS", "10000",
                        "PROVIDER_LAG_SAMPLE_INTERVAL_MS", "6000")))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .singleElement()
                    .asString()
                    .contains("at least twice PROVIDER_LAG_SAMPLE_INTERVAL_MS"));
  }

  @Test
  void When_max_samples_cannot_hold_the_window_Then_rejected() {
    assertThatThrownBy(
            () ->
                ProviderConfig.fromEnv(
                    env(
                        "PROVIDER_LAG_WINDOW_MS", "60000",
                        "PROVIDER_LAG_SAMPLE_INTERVAL_MS", "1000",
                        "PROVIDER_LAG_MAX_SAMPLES", "20")))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .singleElement()
                    .asString()
                    .contains("PROVIDER_LAG_MAX_SAMPLES (20)")
                    .contains("61 are needed"));
  }
}
