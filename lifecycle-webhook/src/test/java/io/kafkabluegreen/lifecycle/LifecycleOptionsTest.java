package io.kafkabluegreen.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkabluegreen.common.config.ConfigException;
import io.kafkabluegreen.common.config.ConfigReader;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LifecycleOptionsTest {

  @Test
  void When_only_the_required_keys_are_set_Then_the_defaults_apply() {
    LifecycleOptions options =
        LifecycleOptions.fromMap(
            Map.of("POD_TEMPLATE_HASH", "6d5f7c9b8", "LIFECYCLE_LEASE_NAME", "app-kafka-active"));

    assertThat(options.hash()).isEqualTo("6d5f7c9b8");
    assertThat(options.leaseName()).isEqualTo("app-kafka-active");
    assertThat(options.groupMode()).isEqualTo(GroupMode.SHARED);
    assertThat(options.drainTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(options.failurePolicy()).isEqualTo(FailurePolicy.RETRY);
    assertThat(options.authToken()).isEmpty();
    assertThat(options.namespace()).isEqualTo("default");
  }

  @Test
  void When_every_key_is_set_Then_each_is_read() {
    LifecycleOptions options =
        LifecycleOptions.fromMap(
            Map.ofEntries(
                Map.entry("POD_TEMPLATE_HASH", "abc12"),
                Map.entry("POD_NAME", "app-abc12-xyz"),
                Map.entry("POD_NAMESPACE", "shop"),
                Map.entry("LIFECYCLE_LEASE_NAME", "lease"),
                Map.entry("LIFECYCLE_GROUP_MODE", "per-revision"),
                Map.entry("LIFECYCLE_AUTH_TOKEN", "secret"),
                Map.entry("LIFECYCLE_DRAIN_TIMEOUT_MS", "2500"),
                Map.entry("LIFECYCLE_CLOSE_TIMEOUT_MS", "1000"),
                Map.entry("LIFECYCLE_POLL_TIMEOUT_MS", "20"),
                Map.entry("LIFECYCLE_COMMIT_INTERVAL_MS", "0"),
                Map.entry("LIFECYCLE_ON_FAILURE", "skip"),
                Map.entry("LIFECYCLE_RETRY_BACKOFF_MS", "7"),
                Map.entry("LIFECYCLE_KUBERNETES_TIMEOUT_MS", "900")));

    assertThat(options.pod()).isEqualTo("app-abc12-xyz");
    assertThat(options.namespace()).isEqualTo("shop");
    assertThat(options.groupMode()).isEqualTo(GroupMode.PER_REVISION);
    assertThat(options.authToken()).isEqualTo(Optional.of("secret"));
    assertThat(options.drainTimeout()).isEqualTo(Duration.ofMillis(2500));
    assertThat(options.closeTimeout()).isEqualTo(Duration.ofMillis(1000));
    assertThat(options.pollTimeout()).isEqualTo(Duration.ofMillis(20));
    assertThat(options.commitInterval()).isZero();
    assertThat(options.failurePolicy()).isEqualTo(FailurePolicy.SKIP);
    assertThat(options.retryBackoff()).isEqualTo(Duration.ofMillis(7));
    assertThat(options.kubernetesTimeout()).isEqualTo(Duration.ofMillis(900));
  }

  @Test
  void When_values_are_bad_Then_every_problem_is_listed_at_once() {
    assertThatThrownBy(
            () ->
                LifecycleOptions.fromMap(
                    Map.of(
                        "POD_TEMPLATE_HASH", "Not_A_Label",
                        "LIFECYCLE_GROUP_MODE", "sometimes",
                        "LIFECYCLE_DRAIN_TIMEOUT_MS", "soon")))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .hasSize(4)
                    .anyMatch(p -> p.startsWith("LIFECYCLE_LEASE_NAME"))
                    .anyMatch(p -> p.startsWith("LIFECYCLE_GROUP_MODE"))
                    .anyMatch(p -> p.startsWith("LIFECYCLE_DRAIN_TIMEOUT_MS"))
                    .anyMatch(p -> p.startsWith("POD_TEMPLATE_HASH")));
  }

  @Test
  void When_described_Then_the_token_is_masked() {
    ConfigReader reader =
        new ConfigReader(
            Map.of(
                "POD_TEMPLATE_HASH",
                "abc",
                "LIFECYCLE_LEASE_NAME",
                "l",
                "LIFECYCLE_AUTH_TOKEN",
                "hunter2"));
    LifecycleOptions.read(reader);
    assertThat(reader.describe()).contains("LIFECYCLE_AUTH_TOKEN=****").doesNotContain("hunter2");
  }

  @Test
  void Group_mode_names_the_group() {
    assertThat(GroupMode.SHARED.groupFor("orders", "abc")).isEqualTo("orders");
    assertThat(GroupMode.PER_REVISION.groupFor("orders", "abc")).isEqualTo("orders-abc");
  }
}
