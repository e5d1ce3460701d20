package io.kafkabluegreen.provider.revision;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.kafkabluegreen.provider.support.KubernetesFixture;
import io.kafkabluegreen.provider.support.ProviderFixture;
import io.kafkabluegreen.provider.support.ProviderFixture.Response;
import io.kafkabluegreen.tests.kafka.KafkaBroker;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET …/revisions/{hash}} against WireMock pods answering {@code /lifecycle/status}. */
class RevisionRoutesTest {

  private final List<WireMockServer> pods = new ArrayList<>();
  private KubernetesFixture kube;
  private ProviderFixture provider;

  @BeforeEach
  void setUp() {
    kube = new KubernetesFixture();
    kube.rollout("shop", "orders", "orders-processor", "blue");
    provider = ProviderFixture.start(ProviderFixture.baseEnv("127.0.0.1:1"), kube.client());
  }

  @AfterEach
  void tearDown() {
    provider.close();
    kube.close();
    pods.forEach(WireMockServer::stop);
  }

  private void pod(
      String name, String hash, String state, long processed, long failed, boolean connected) {
    WireMockServer pod = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    pod.start();
    pods.add(pod);
    pod.stubFor(
        get(urlEqualTo("/lifecycle/status"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"state\":\""
                            + state
                            + "\",\"hash\":\""
                            + hash
                            + "\",\"pod\":\""
                            + name
                            + "\",\"assignedPartitions\":[],\"processed\":"
                            + processed
                            + ",\"failed\":"
                            + failed
                            + ",\"kafkaConnected\":"
                            + connected
                            + ",\"ready\":"
                            + connected
                            + "}")));
    kube.pod("shop", "orders", hash, name, "127.0.0.1", pod.port());
  }

  private Response revision(String hash) {
    return provider.get("/v1/rollouts/shop/orders/revisions/" + hash);
  }

  @Test
  void aRevisionWhosePodsAreAllStandbyAndConnectedIsReady() {
    pod("orders-green-1", "green", "STANDBY", 0, 0, true);
    pod("orders-green-2", "green", "STANDBY", 0, 0, true);

    JsonNode body = revision("green").body();

    assertThat(body.get("ready").asBoolean()).isTrue();
    assertThat(body.get("allStandby").asBoolean()).isTrue();
    assertThat(body.get("allActive").asBoolean()).isFalse();
    assertThat(body.get("podCount").asInt()).isEqualTo(2);
    assertThat(body.get("reachablePods").asInt()).isEqualTo(2);
    assertThat(body.get("errorRate").asDouble()).isZero();
  }

  @Test
  void aBrokenRevisionShowsItsErrorRate() {
    pod("orders-green-1", "green", "ACTIVE", 60, 40, true);
    pod("orders-green-2", "green", "ACTIVE", 100, 0, true);

    JsonNode body = revision("green").body();

    assertThat(body.get("allActive").asBoolean()).isTrue();
    assertThat(body.get("errorRate").asDouble()).isCloseTo(40.0 / 200, within(1e-9));
    assertThat(body.get("pods").get(0).get("failed").asLong()).isEqualTo(40);
  }

  @Test
  void anUnreachableOrDisconnectedPodMakesTheRevisionNotReady() {
    pod("orders-green-1", "green", "STANDBY", 0, 0, false);
    kube.pod("shop", "orders", "green", "orders-green-2", "127.0.0.1", KafkaBroker.freePort());

    JsonNode body = revision("green").body();

    assertThat(body.get("ready").asBoolean()).isFalse();
    assertThat(body.get("allReachable").asBoolean()).isFalse();
    assertThat(body.get("reachablePods").asInt()).isEqualTo(1);
    assertThat(body.get("pods").get(0).get("error").asText()).isEqualTo("not connected to Kafka");
    assertThat(body.get("pods").get(1).get("error").asText()).contains("unreachable");
  }

  @Test
  void aRevisionWithoutPodsIsNotReady() {
    JsonNode body = revision("nothing1").body();

    assertThat(body.get("podCount").asInt()).isZero();
    assertThat(body.get("ready").asBoolean()).isFalse();
  }

  @Test
  void badInputIs400AndAnUnknownRolloutIs404() {
    assertThat(revision("Not-A-Hash").status()).isEqualTo(400);
    assertThat(provider.get("/v1/rollouts/shop/nothing/revisions/abc").status()).isEqualTo(404);
  }
}
