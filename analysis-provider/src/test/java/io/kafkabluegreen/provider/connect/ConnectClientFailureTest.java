package io.kafkabluegreen.provider.connect;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.kafkabluegreen.provider.connect.ConnectWorkerAnswers.error;
import static io.kafkabluegreen.provider.connect.ConnectWorkerAnswers.json;
import static io.kafkabluegreen.provider.connect.ConnectWorkerAnswers.rebalancing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.kafkabluegreen.tests.kafka.KafkaBroker;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the client makes of a worker that rebalances, fails, is slow or is not there. */
class ConnectClientFailureTest {

  private static final Duration BOUND = Duration.ofMillis(1000);

  /** Scheduling slack on a loaded 2-core machine; far below the 3 s delay the slow worker has. */
  private static final Duration MARGIN = Duration.ofMillis(700);

  @RegisterExtension final WireMockExtension worker = ConnectWorkerAnswers.worker();

  private ConnectClient client;

  @BeforeEach
  void setUp() {
    client = ConnectWorkerAnswers.clientOf(worker, BOUND);
  }

  @Test
  void When_theWorkersRebalance_Then_theRequestIsRetriedUntilConnectAnswers() {
    String stop = "/connectors/orders-blue/stop";
    worker.stubFor(
        put(urlEqualTo(stop))
            .inScenario("rebalance")
            .whenScenarioStateIs(STARTED)
            .willReturn(rebalancing())
            .willSetStateTo("still"));
    worker.stubFor(
        put(urlEqualTo(stop))
            .inScenario("rebalance")
            .whenScenarioStateIs("still")
            .willReturn(
                error(
                    409,
                    "Cannot complete request because of a conflicting operation (e.g. worker"
                        + " rebalance)"))
            .willSetStateTo("done"));
    worker.stubFor(
        put(urlEqualTo(stop))
            .inScenario("rebalance")
            .whenScenarioStateIs("done")
            .willReturn(aResponse().withStatus(204)));

    client.stop("orders-blue");

    worker.verify(3, putRequestedFor(urlEqualTo(stop)));
  }

  @Test
  void When_theRebalanceOutlastsTheBound_Then_connectsAnswerIsReportedWithinTheBound() {
    worker.stubFor(put(urlEqualTo("/connectors/orders-blue/stop")).willReturn(rebalancing()));

    long start = System.nanoTime();
    ConnectRequestException e =
        catchThrowableOfType(ConnectRequestException.class, () -> client.stop("orders-blue"));
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

    assertThat(elapsed).isLessThan(BOUND.plus(MARGIN));
    assertThat(e.status()).isEqualTo(409);
    assertThat(e.connectMessage()).startsWith("Cannot complete request momentarily");
    assertThat(e.getMessage())
        .startsWith(
            "could not stop connector orders-blue on "
                + worker.baseUrl()
                + ": HTTP 409 on each of ")
        .contains(" attempts while the workers rebalance: Cannot complete request momentarily");
    // 100 + 200 ms of backoff fit any machine inside a 1 s bound: at least three attempts.
    assertThat(worker.findAll(putRequestedFor(urlEqualTo("/connectors/orders-blue/stop"))))
        .hasSizeGreaterThanOrEqualTo(3);
  }

  @Test
  void When_connectAnswers500_Then_itsMessageIsQuotedAndNotRetried() {
    worker.stubFor(
        put(urlEqualTo("/connectors/orders-blue/stop"))
            .willReturn(error(500, "Request timed out")));

    ConnectRequestException e =
        catchThrowableOfType(ConnectRequestException.class, () -> client.stop("orders-blue"));

    assertThat(e.status()).isEqualTo(500);
    assertThat(e.connectMessage()).isEqualTo("Request timed out");
    assertThat(e.getMessage())
        .isEqualTo(
            "could not stop connector orders-blue on "
                + worker.baseUrl()
                + ": HTTP 500: Request timed out");
    worker.verify(1, putRequestedFor(urlEqualTo("/connectors/orders-blue/stop")));
  }

  @Test
  void When_aProxyAnswersInsteadOfConnect_Then_itsBodyIsQuoted() {
    worker.stubFor(
        put(urlEqualTo("/connectors/orders-green/resume"))
            .willReturn(aResponse().withStatus(502).withBody("<html>Bad Gateway</html>\n")));

    ConnectRequestException e =
        catchThrowableOfType(ConnectRequestException.class, () -> client.resume("orders-green"));

    assertThat(e.status()).isEqualTo(502);
    assertThat(e.getMessage()).endsWith(": HTTP 502: <html>Bad Gateway</html>");
  }

  @Test
  void When_a200BodyIsNotConnects_Then_itIsARequestErrorNotAnEmptyAnswer() {
    worker.stubFor(
        get(urlEqualTo("/connectors/orders-green/status")).willReturn(json(200, "{\"hello\":1}")));

    ConnectRequestException e =
        catchThrowableOfType(ConnectRequestException.class, () -> client.status("orders-green"));

    assertThat(e.status()).isEqualTo(200);
    assertThat(e.getMessage())
        .startsWith(
            "could not read the status of connector orders-green on "
                + worker.baseUrl()
                + ": HTTP 200 with a body that is not Connect's");
  }

  @Test
  void When_theWorkerIsSlowerThanTheBound_Then_unavailableWithinTheBound() {
    worker.stubFor(
        get(urlEqualTo("/connectors/orders-green/status"))
            .willReturn(json(200, "{}").withFixedDelay(3000)));

    long start = System.nanoTime();
    ConnectUnavailableException e =
        catchThrowableOfType(
            ConnectUnavailableException.class, () -> client.status("orders-green"));
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

    assertThat(elapsed).isGreaterThanOrEqualTo(BOUND).isLessThan(BOUND.plus(MARGIN));
    assertThat(e.getMessage())
        .isEqualTo(
            "could not read the status of connector orders-green on "
                + worker.baseUrl()
                + ": no answer within 1000 ms");
    worker.verify(1, getRequestedFor(urlEqualTo("/connectors/orders-green/status")));
  }

  @Test
  void When_nothingListens_Then_unavailableAndNotReachable() {
    URI gone = URI.create("http://127.0.0.1:" + KafkaBroker.freePort());
    ConnectClient toNowhere =
        new ConnectClient(gone, new ConnectClientOptions(Duration.ofMillis(500), BOUND));

    ConnectUnavailableException e =
        catchThrowableOfType(
            ConnectUnavailableException.class, () -> toNowhere.stop("orders-blue"));

    assertThat(e.getMessage())
        .isEqualTo("could not stop connector orders-blue on " + gone + ": connection refused");
    assertThat(toNowhere.reachable()).isFalse();
  }
}
