package io.kafkabluegreen.provider.pods;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.kafkabluegreen.tests.kafka.KafkaBroker;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LifecycleClientTest {

  private WireMockServer pod;
  private LifecycleClient client;
  private RevisionPod target;

  @BeforeEach
  void setUp() {
    pod = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    pod.start();
    client =
        new LifecycleClient(
            new LifecycleClientOptions(
                Optional.of("t0ken"), Duration.ofMillis(500), Duration.ofMillis(800)));
    target = new RevisionPod("orders-blue-1", "blue", "127.0.0.1", pod.port(), Optional.empty());
  }

  @AfterEach
  void tearDown() {
    pod.stop();
  }

  @Test
  void pauseSendsTheTokenAndTheDrainBoundAndReadsTheState() {
    pod.stubFor(
        post(urlPathEqualTo("/lifecycle/pause"))
            .willReturn(
                aResponse().withStatus(200).withBody("{\"state\":\"STANDBY\",\"drainMillis\":3}")));

    PodCall call = client.pause(target, Duration.ofMillis(1500)).join();

    assertThat(call.confirmed()).isTrue();
    assertThat(call.state()).contains("STANDBY");
    pod.verify(
        postRequestedFor(urlEqualTo("/lifecycle/pause?timeoutMs=1500"))
            .withHeader("Authorization", equalTo("Bearer t0ken")));
  }

  @Test
  void aPodThatCouldNotDrainInTimeIsNotConfirmed() {
    pod.stubFor(
        post(urlPathEqualTo("/lifecycle/pause"))
            .willReturn(
                aResponse()
                    .withStatus(504)
                    .withHeader("Content-Type", "application/problem+json")
                    .withBody("{\"status\":504,\"detail\":\"not drained within 1500 ms\"}")));

    PodCall call = client.pause(target, Duration.ofMillis(1500)).join();

    assertThat(call.confirmed()).isFalse();
    assertThat(call.reachable()).isTrue();
    assertThat(call.error()).contains("HTTP 504: not drained within 1500 ms");
  }

  @Test
  void aPodThatDoesNotAnswerInTimeIsNotConfirmed() {
    pod.stubFor(
        post(urlPathEqualTo("/lifecycle/resume")).willReturn(aResponse().withFixedDelay(3000)));

    PodCall call = client.resume(target).join();

    assertThat(call.confirmed()).isFalse();
    assertThat(call.error()).contains("no answer in time");
  }

  @Test
  void aPodThatRefusesConnectionsIsUnreachable() {
    RevisionPod gone =
        new RevisionPod("gone", "blue", "127.0.0.1", KafkaBroker.freePort(), Optional.empty());

    PodCall call = client.resume(gone).join();

    assertThat(call.reachable()).isFalse();
    assertThat(call.error()).contains("unreachable: connection refused");
  }

  @Test
  void statusIsParsedAndUnknownFieldsAreIgnored() {
    pod.stubFor(
        get(urlEqualTo("/lifecycle/status"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withBody(
                        "{\"state\":\"ACTIVE\",\"hash\":\"blue\",\"pod\":\"orders-blue-1\","
                            + "\"assignedPartitions\":[\"orders-0\"],\"processed\":12,\"failed\":1,"
                            + "\"kafkaConnected\":true,\"ready\":true,\"somethingNew\":{\"x\":1}}")));

    StatusCall call = client.status(target).join();

    assertThat(call.reachable()).isTrue();
    LifecycleStatus status = call.status().orElseThrow();
    assertThat(status.state()).isEqualTo("ACTIVE");
    assertThat(status.processed()).isEqualTo(12);
    assertThat(status.failed()).isEqualTo(1);
    assertThat(status.assignedPartitions()).containsExactly("orders-0");
  }
}
