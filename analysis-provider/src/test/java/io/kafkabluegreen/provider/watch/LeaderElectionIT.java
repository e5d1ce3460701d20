package io.kafkabluegreen.provider.watch;

import static io.kafkabluegreen.provider.support.BlueGreen.BLUE;
import static io.kafkabluegreen.provider.support.BlueGreen.GREEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kafkabluegreen.provider.support.BlueGreen;
import io.kafkabluegreen.provider.support.ProviderFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two provider replicas: only the elected leader acts on Rollout changes; the other takes over. */
class LeaderElectionIT {

  private BlueGreen bg;
  private final List<ProviderFixture> providers = new ArrayList<>();
  private final List<KubernetesClient> clients = new ArrayList<>();

  @AfterEach
  void tearDown() {
    providers.forEach(ProviderFixture::close);
    clients.forEach(KubernetesClient::close);
    if (bg != null) {
      bg.close();
    }
  }

  private ProviderFixture replica(String identity) {
    Map<String, String> env = ProviderFixture.baseEnv(bg.broker.bootstrapServers());
    env.put("PROVIDER_WATCH_ENABLED", "true");
    env.put("PROVIDER_WATCH_RESYNC_MS", "1000");
    env.put("PROVIDER_NAMESPACE", bg.namespace);
    env.put("PROVIDER_IDENTITY", identity);
    env.put("PROVIDER_LEADER_LEASE_DURATION_MS", "3000");
    env.put("PROVIDER_LEADER_RENEW_DEADLINE_MS", "2000");
    env.put("PROVIDER_LEADER_RETRY_PERIOD_MS", "500");
    KubernetesClient client = bg.kube.newClient();
    clients.add(client);
    ProviderFixture provider = ProviderFixture.start(env, client);
    providers.add(provider);
    return provider;
  }

  private JsonNode last(ProviderFixture provider) {
    return provider
        .get("/v1/rollouts/" + bg.namespace + "/" + bg.rollout + "/handover")
        .body()
        .get("last");
  }

  @Test
  void onlyTheLeaderHandsOverAndTheOtherReplicaTakesOverWhenItLeaves() {
    bg = BlueGreen.blueActive();
    ProviderFixture a = replica("replica-a");
    ProviderFixture b = replica("replica-b");
    await().atMost(Duration.ofSeconds(30)).until(() -> a.app().leading() ^ b.app().leading());
    ProviderFixture leader = a.app().leading() ? a : b;
    ProviderFixture follower = leader == a ? b : a;
    String leaderId = leader == a ? "replica-a" : "replica-b";

    bg.kube.promote(bg.namespace, bg.rollout, GREEN);

    await().atMost(Duration.ofSeconds(60)).until(() -> bg.leaseState().allowsConsumption(GREEN));
    await().atMost(Duration.ofSeconds(10)).until(() -> !last(leader).isNull());
    assertThat(last(leader).get("performedBy").asText()).isEqualTo(leaderId);
    assertThat(last(follower).isNull()).isTrue();
    assertThat(follower.app().leading()).isFalse();

    leader.close();
    providers.remove(leader);
    await().atMost(Duration.ofSeconds(30)).until(() -> follower.app().leading());
    bg.kube.abort(bg.namespace, bg.rollout);

    await().atMost(Duration.ofSeconds(60)).until(() -> bg.leaseState().allowsConsumption(BLUE));
    await().atMost(Duration.ofSeconds(10)).until(() -> !last(follower).isNull());
    assertThat(last(follower).get("targetHash").asText()).isEqualTo(BLUE);
    bg.awaitOwnedBy(BLUE);
  }
}
