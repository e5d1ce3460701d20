package io.kafkabluegreen.provider.selfcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkabluegreen.common.config.ConfigException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SelfCheckOptionsTest {

  @Test
  void When_OnlyTheUrlIsGiven_Then_TheDefaultsAreTheChartsAndATrailingSlashIsDropped() {
    SelfCheckOptions options =
        SelfCheckOptions.fromEnv(
            Map.of("SELFCHECK_PROVIDER_URL", "http://kafka-bluegreen.shop.svc:8080/"));

    assertThat(options.providerUrl()).hasToString("http://kafka-bluegreen.shop.svc:8080");
    assertThat(options.group()).isEqualTo("example.group");
    assertThat(options.topic()).isEmpty();
    assertThat(options.timeout()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void When_EverythingIsWrong_Then_EveryProblemIsListedAtOnce() {
    assertThatThrownBy(
            () ->
                SelfCheckOptions.fromEnv(
                    Map.of(
                        "SELFCHECK_PROVIDER_URL", "ftp://kafka-bluegreen",
                        "SELFCHECK_TIMEOUT_MS", "99")))
        .isInstanceOf(ConfigException.class)
        .satisfies(
            e ->
                assertThat(((ConfigException) e).problems())
                    .containsExactlyInAnyOrder(
                        "SELFCHECK_TIMEOUT_MS must be between 100 and 60000, got 99",
                        "SELFCHECK_PROVIDER_URL must be an http(s) URL with a host, got"
                            + " 'ftp://kafka-bluegreen'"));
  }
}
