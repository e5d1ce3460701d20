package io.kafkabluegreen.provider.handover;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kafkabluegreen.provider.rollout.ManagedRollout;
import io.kafkabluegreen.provider.support.KubernetesFixture;
import io.kafkabluegreen.provider.support.ProviderFixture;
import io.kafkabluegreen.provider.support.ProviderFixture.Response;
import io.kafkabluegreen.tests.kafka.KafkaBroker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The handover endpoints' refusals, through the real server; no Kafka is needed for these. */
class HandoverRoutesTest {

  private KubernetesFixture kube;
  private ProviderFixture provider;

  @BeforeEach
  void setUp() {
    kube = new KubernetesFixture();
    kube.rollout("shop", "orders", "orders-processor", "blue");
    kube.rollout("shop", "plain", Map.of("team", "x"), "blue");
    kube.rollout(
        "shop",
        "broken",
        Map.of(ManagedRollout.GROUP_ANNOTATION, "g", ManagedRollout.STRATEGY_ANNOTATION, "magic"),
        "blue");
    provider = ProviderFixture.start(ProviderFixture.baseEnv("127.0.0.1:1"), kube.client());
  }

  @AfterEach
  void tearDown() {
    provider.close();
    kube.close();
  }

  @Test
  void when_noToken_then_401WithAChallenge() {
    Response r = provider.post("/v1/rollouts/shop/orders/handover?to=green", null);

    assertThat(r.status()).isEqualTo(401);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.body().get("type").asText()).endsWith("/unauthorized");
  }

  @Test
  void when_wrongToken_then_403() {
    Response r = provider.post("/v1/rollouts/shop/orders/handover?to=green", "nope");

    assertThat(r.status()).isEqualTo(403);
    assertThat(r.body().get("detail").asText()).doesNotContain("nope");
  }

  @Test
  void when_theRequestIsMalformed_then_400ListingEveryField() {
    Response r = provider.post("/v1/rollouts/Bad_NS/orders/handover?to=NOT-A-HASH&waitMs=-1");

    assertThat(r.status()).isEqualTo(400);
    assertThat(fields(r.body())).containsExactlyInAnyOrder("namespace", "to", "waitMs");
  }

  @Test
  void when_toIsMissing_then_400() {
    Response r = provider.post("/v1/rollouts/shop/orders/handover");

    assertThat(r.status()).isEqualTo(400);
    assertThat(fields(r.body())).containsExactly("to");
  }

  @Test
  void when_theRolloutDoesNotExist_then_404() {
    Response r = provider.post("/v1/rollouts/shop/nothing/handover?to=green");

    assertThat(r.status()).isEqualTo(404);
    assertThat(r.body().get("detail").asText()).contains("shop/nothing");
  }

  @Test
  void when_theRolloutIsNotAnnotated_then_404() {
    assertThat(provider.post("/v1/rollouts/shop/plain/handover?to=green").status()).isEqualTo(404);
    assertThat(provider.get("/v1/rollouts/shop/plain/handover").status()).isEqualTo(404);
  }

  @Test
  void when_theRolloutsAnnotationsAreInvalid_then_400NamingTheAnnotation() {
    Response r = provider.post("/v1/rollouts/shop/broken/handover?to=green");

    assertThat(r.status()).isEqualTo(400);
    assertThat(fields(r.body())).containsExactly(ManagedRollout.STRATEGY_ANNOTATION);
  }

  @Test
  void when_noLeaseExists_then_getAnswersTheRolloutWithANullLease() {
    Response r = provider.get("/v1/rollouts/shop/orders/handover");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body().get("consumerGroup").asText()).isEqualTo("orders-processor");
    assertThat(r.body().get("leaseName").asText()).isEqualTo("orders-kafka-active");
    assertThat(r.body().get("desiredHash").asText()).isEqualTo("blue");
    assertThat(r.body().get("lease").isNull()).isTrue();
    assertThat(r.body().get("last").isNull()).isTrue();
  }

  @Test
  void getIsOpenButNeedsAValidReference() {
    kube.activeLease("shop", "orders-kafka-active", "blue");

    assertThat(
            provider
                .get("/v1/rollouts/shop/orders/handover")
                .body()
                .get("lease")
                .get("holder")
                .asText())
        .isEqualTo("blue");
    assertThat(provider.get("/v1/rollouts/shop/UPPER/handover").status()).isEqualTo(400);
  }

  @Test
  void when_theKubernetesApiIsUnreachable_then_503WithRetryAfter() {
    try (KubernetesClient dead =
            new KubernetesClientBuilder()
                .withConfig(
                    new ConfigBuilder()
                        .withMasterUrl("http://127.0.0.1:" + KafkaBroker.freePort())
                        .withConnectionTimeout(500)
                        .withRequestTimeout(500)
                        .withRequestRetryBackoffLimit(0)
                        .build())
                .build();
        ProviderFixture cut = ProviderFixture.start(ProviderFixture.baseEnv("127.0.0.1:1"), dead)) {

      Response r = cut.post("/v1/rollouts/shop/orders/handover?to=green");

      assertThat(r.status()).isEqualTo(503);
      assertThat(r.retryAfter()).isEqualTo("5");
      assertThat(r.body().get("type").asText()).endsWith("/unavailable");
    }
  }

  private static List<String> fields(JsonNode problem) {
    List<String> fields = new ArrayList<>();
    problem.get("errors").forEach(e -> fields.add(e.get("field").asText()));
    return fields;
  }
}
