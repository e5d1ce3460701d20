package io.kafkabluegreen.provider.pods;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkabluegreen.provider.rollout.ManagedRollout;
import io.kafkabluegreen.provider.rollout.RolloutReader;
import io.kafkabluegreen.provider.rollout.RolloutRef;
import io.kafkabluegreen.provider.support.KubernetesFixture;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PodLocatorTest {

  private KubernetesFixture kube;
  private PodLocator locator;
  private ManagedRollout orders;

  @BeforeEach
  void setUp() {
    kube = new KubernetesFixture();
    locator = new PodLocator(kube.client());
    kube.rollout(
        "shop",
        "orders",
        Map.of(ManagedRollout.GROUP_ANNOTATION, "g", ManagedRollout.PORT_ANNOTATION, "9000"),
        "blue");
    kube.rollout("shop", "payments", "p", "blue");
    orders = new RolloutReader(kube.client()).require(new RolloutRef("shop", "orders"));
  }

  @AfterEach
  void tearDown() {
    kube.close();
  }

  @Test
  void aRevisionIsItsHashLabelWithinTheRolloutsSelector() {
    kube.pod("shop", "orders", "blue", "orders-blue-1", "10.0.0.1", 8081);
    kube.pod("shop", "orders", "green", "orders-green-1", "10.0.0.2", 8081);
    kube.pod("shop", "payments", "blue", "payments-blue-1", "10.0.0.3", 8081);

    assertThat(locator.revision(orders, "blue"))
        .extracting(RevisionPod::name)
        .containsExactly("orders-blue-1");
    assertThat(locator.allBut(orders, "green", "blue"))
        .extracting(RevisionPod::name)
        .containsExactly("orders-blue-1");
    assertThat(locator.all(orders)).hasSize(2);
  }

  @Test
  void thePodsOwnPortAnnotationWinsOverTheRollouts() {
    kube.pod("shop", "orders", "blue", "orders-blue-1", "10.0.0.1", 8081);

    RevisionPod pod = locator.revision(orders, "blue").get(0);

    assertThat(pod.port()).isEqualTo(8081);
    assertThat(pod.uri("/lifecycle/status").toString())
        .isEqualTo("http://10.0.0.1:8081/lifecycle/status");
    assertThat(pod.usable()).isTrue();
  }

  @Test
  void podsThatAreNotReadyOrTerminatingCarryASkipReason() {
    kube.pod("shop", "orders", "blue", "orders-blue-1", "10.0.0.1", 8081);
    kube.pod("shop", "orders", "blue", "orders-blue-2", "10.0.0.2", 8081);
    kube.setReady("shop", "orders-blue-2", false);

    assertThat(locator.revision(orders, "blue"))
        .extracting(p -> p.skipReason().orElse("usable"))
        .containsExactly("usable", "not Ready");
  }

  @Test
  void withoutASelectorOnlyTheFallbackHashIsKnown() {
    ManagedRollout noSelector =
        new ManagedRollout(
            orders.ref(), "g", "l", 8080, orders.strategy(), null, Map.of(), orders.status());
    kube.pod("shop", "orders", "blue", "orders-blue-1", "10.0.0.1", 8081);
    kube.pod("shop", "payments", "red", "payments-red-1", "10.0.0.3", 8081);

    assertThat(locator.allBut(noSelector, "green", "blue"))
        .extracting(RevisionPod::name)
        .containsExactly("orders-blue-1");
    assertThat(locator.allBut(noSelector, "green", "")).isEmpty();
  }
}
