package io.kafkabluegreen.provider.lag;

import static io.kafkabluegreen.provider.lag.LagFixtures.PATIENCE;
import static io.kafkabluegreen.provider.lag.LagFixtures.commit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kafkabluegreen.provider.lag.RunningProvider.Response;
import io.kafkabluegreen.tests.kafka.KafkaBroker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * With Kafka gone the provider answers 503 with {@code Retry-After} within its bound, never hangs
 * past Argo's 10 s; when the broker returns, the same long-lived Admin client recovers by itself.
 * This test stops its own broker, so it does not use the shared one.
 */
class LagUnavailableIT {

  /** Argo Rollouts gives a web metric 10 s by default. */
  private static final Duration ARGO_TIMEOUT = Duration.ofSeconds(10);

  @Test
  void When_broker_stops_Then_503_in_bounded_time_and_recovery_when_it_returns() {
    try (KafkaBroker broker = KafkaBroker.start();
        RunningProvider provider =
            RunningProvider.start(
                broker.bootstrapServers(),
                "PROVIDER_KAFKA_TIMEOUT_MS",
                "2000",
                "PROVIDER_LAG_SAMPLE_INTERVAL_MS",
                "500",
                "PROVIDER_LAG_WINDOW_MS",
                "5000")) {
      broker.createTopic("orders", 2);
      broker.produce("orders", 0, 10);
      broker.produce("orders", 1, 10);
      commit(broker.admin(), "billing", "orders", 3, 10);
      assertThat(provider.get("/v1/lag?group=billing").json().get("totalLag").asLong())
          .isEqualTo(7);
      assertThat(provider.get("/readyz").status()).isEqualTo(200);

      broker.stop();

      Response lag = provider.get("/v1/lag?group=billing");
      assertThat(lag.status()).as(lag.body()).isEqualTo(503);
      assertThat(lag.took()).isLessThan(ARGO_TIMEOUT);
      assertThat(lag.contentType()).startsWith("application/problem+json");
      assertThat(lag.json().get("type").asText()).endsWith("/unavailable");
      assertThat(lag.header("Retry-After")).isEqualTo("5");
      // the status may still stand on a sample younger than one interval; after that it needs Kafka
      await()
          .atMost(PATIENCE)
          .untilAsserted(
              () -> {
                Response status = provider.get("/v1/lag/status?group=billing");
                assertThat(status.took()).isLessThan(ARGO_TIMEOUT);
                assertThat(status.status()).as(status.body()).isEqualTo(503);
              });
      await().atMost(PATIENCE).until(() -> provider.get("/readyz").status() == 503);

      broker.restart();

      await()
          .atMost(PATIENCE)
          .untilAsserted(
              () -> {
                Response back = provider.get("/v1/lag?group=billing");
                assertThat(back.status()).as(back.body()).isEqualTo(200);
                assertThat(back.json().get("totalLag").asLong()).isEqualTo(7);
              });
      await().atMost(PATIENCE).until(() -> provider.get("/readyz").status() == 200);
    }
  }
}
