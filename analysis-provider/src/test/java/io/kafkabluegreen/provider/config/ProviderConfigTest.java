package io.kafkabluegreen.provider.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkabluegreen.common.config.ConfigException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProviderConfigTest {

  @Test
  void defaultsFitAnArgoWebMetricAndTheDesign() {
    ProviderConfig config =
        ProviderConfig.fromEnv(
            Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:9092", "POD_NAME", "provider-0"));

    assertThat(config.handover().requestWait()).isLessThan(Duration.ofSeconds(10));
    assertThat(config.handover().staleDrainAfter())
        .isGreaterThan(config.handover().drainTimeout().plus(config.handover().verifyTimeout()));
    assertThat(config.handover().identity()).isEqualTo("provider-0");
    assertThat(config.watcher().enabled()).isTrue();
    assertThat(config.watcher().leaderElection()).isTrue();
    assertThat(config.watcher().namespace()).isEmpty();
    assertThat(config.lifecycle().token()).isEmpty();
    assertThat(config.warmup()).isTrue();
  }

  @Test
  void theWarmUpCanBeSwitchedOff() {
    ProviderConfig config =
        ProviderConfig.fromEnv(
            Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:9092", "PROVIDER_WARMUP_ENABLED", "false"));

    assertThat(config.warmup()).isFalse();
  }

  @Test
  void theLifecycleTokenIsReadButNeverShown() {
    ProviderConfig config =
        ProviderConfig.fromEnv(
            Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:9092", "PROVIDER_LIFECYCLE_TOKEN", "s3cret"));

    assertThat(config.lifecycle().token()).contains("s3cret");
    assertThat(config.description())
        .contains("PROVIDER_LIFECYCLE_TOKEN=****")
        .doesNotContain("s3cret");
  }

  @Test
  void everyBadValueIsListedAtOnce() {
    assertThatThrownBy(
            () ->
                ProviderConfig.fromEnv(
                    Map.of(
                        "KAFKA_BOOTSTRAP_SERVERS", "k:9092",
                        "PROVIDER_HANDOVER_DRAIN_TIMEOUT_MS", "soon",
                        "PROVIDER_HANDOVER_STALE_DRAIN_MS", "2000",
                        "PROVIDER_WATCH_ENABLED", "maybe",
                        "PROVIDER_LEADER_RENEW_DEADLINE_MS", "20000")))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(String.join("\n", e.problems()))
                    .contains("PROVIDER_HANDOVER_DRAIN_TIMEOUT_MS must be a whole number")
                    .contains("PROVIDER_HANDOVER_STALE_DRAIN_MS must exceed")
                    .contains("PROVIDER_WATCH_ENABLED must be true or false")
                    .contains("PROVIDER_LEADER_LEASE_DURATION_MS must exceed"));
  }
}
