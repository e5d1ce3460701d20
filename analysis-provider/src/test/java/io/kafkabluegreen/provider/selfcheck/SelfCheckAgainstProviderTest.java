package io.kafkabluegreen.provider.selfcheck;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import io.kafkabluegreen.common.http.ApiException;
import io.kafkabluegreen.provider.http.HttpServer;
import io.kafkabluegreen.provider.lag.LagReport;
import io.kafkabluegreen.provider.metrics.ProviderMetrics;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The self-check against the provider's own HTTP stack (its Javalin app, JSON mapper and
 * problem+json handlers), with only the lag answer chosen by the test: what the check accepts is
 * what the provider really sends.
 */
class SelfCheckAgainstProviderTest {

  private final AtomicBoolean ready = new AtomicBoolean(true);
  private Javalin app;

  @AfterEach
  void stop() {
    if (app != null) {
      app.stop();
    }
  }

  @Test
  void When_TheProviderReportsTheLag_Then_ExitZeroWithOnePassLinePerCheck() {
    start(
        ctx ->
            ctx.json(
                new LagReport(
                    "example.group",
                    "STABLE",
                    2,
                    "read_uncommitted",
                    "earliest",
                    12,
                    5,
                    null,
                    List.of(),
                    List.of(),
                    Instant.parse("2025-01-01T00:00:00Z"))));

    SelfCheckRun run = runSelfCheck();

    assertThat(run.exit()).as(run.out()).isZero();
    assertThat(run.lines()).hasSize(3);
    assertThat(run.lines().get(0)).startsWith("self-check of http://127.0.0.1:");
    assertThat(run.lines().get(1)).startsWith("PASS readyz: 200 {\"status\":\"READY\"}");
    assertThat(run.lines().get(2)).startsWith("PASS lag: 200 totalLag=12 maxLag=5 state=STABLE");
  }

  @Test
  void When_KafkaSaysTheGroupDoesNotExist_Then_ThatCountsAsAnAnswer() {
    start(
        ctx -> {
          throw ApiException.notFound("Consumer group 'example.group' does not exist");
        });

    SelfCheckRun run = runSelfCheck();

    assertThat(run.exit()).as(run.out()).isZero();
    assertThat(run.lines().get(2)).startsWith("PASS lag: 404 (Kafka answered) Consumer group");
  }

  @Test
  void When_KafkaIsUnavailable_Then_ExitOneAndTheFailingCheckSaysWhy() {
    ready.set(false);
    start(
        ctx -> {
          throw ApiException.unavailable(
              "Kafka did not answer", java.time.Duration.ofSeconds(5), new RuntimeException());
        });

    SelfCheckRun run = runSelfCheck();

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.lines().get(1)).startsWith("FAIL readyz: 503");
    assertThat(run.lines().get(2)).startsWith("FAIL lag: 503 application/problem+json");
  }

  @Test
  void When_TheUrlIsMissing_Then_ExitTwoNamingTheVariable() {
    SelfCheckRun run = SelfCheckRun.of(Map.of("SELFCHECK_TIMEOUT_MS", "soon"));

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.out())
        .startsWith("FAIL config: ")
        .contains("SELFCHECK_PROVIDER_URL is required")
        .contains("SELFCHECK_TIMEOUT_MS must be a whole number");
  }

  private void start(io.javalin.http.Handler lag) {
    app = HttpServer.create(new ProviderMetrics(), ready::get, List.of(a -> a.get("/v1/lag", lag)));
    app.start("127.0.0.1", 0);
  }

  private SelfCheckRun runSelfCheck() {
    return SelfCheckRun.of(
        Map.of(
            "SELFCHECK_PROVIDER_URL", "http://127.0.0.1:" + app.port(),
            "SELFCHECK_GROUP", "example.group",
            "SELFCHECK_TIMEOUT_MS", "5000"));
  }
}
