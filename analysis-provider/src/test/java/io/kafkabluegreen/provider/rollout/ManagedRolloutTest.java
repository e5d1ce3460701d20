package io.kafkabluegreen.provider.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.kafkabluegreen.common.http.FieldError;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManagedRolloutTest {

  private static GenericKubernetesResource rollout(
      Map<String, String> annotations, Map<String, Object> status) {
    GenericKubernetesResource r = new GenericKubernetesResource();
    r.setApiVersion("argoproj.io/v1alpha1");
    r.setKind("Rollout");
    r.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace("shop")
            .withName("orders")
            .withAnnotations(annotations)
            .build());
    r.setAdditionalProperty(
        "spec", Map.of("selector", Map.of("matchLabels", Map.of("app", "orders"))));
    r.setAdditionalProperty("status", status);
    return r;
  }

  private static Map<String, Object> status(String stable, String active, boolean abort) {
    Map<String, Object> status = new HashMap<>();
    status.put("stableRS", stable);
    status.put("abort", abort);
    status.put("blueGreen", Map.of("activeSelector", active));
    return status;
  }

  @Test
  void when_onlyTheGroupIsAnnotated_then_defaultsApply() {
    ManagedRollout r =
        ManagedRollout.from(
            rollout(
                Map.of(ManagedRollout.GROUP_ANNOTATION, "orders-processor"),
                status("a", "a", false)));

    assertThat(r.ref()).isEqualTo(new RolloutRef("shop", "orders"));
    assertThat(r.consumerGroup()).isEqualTo("orders-processor");
    assertThat(r.leaseName()).isEqualTo("orders-kafka-active");
    assertThat(r.lifecyclePort()).isEqualTo(8080);
    assertThat(r.strategy()).isEqualTo(StrategyName.PAUSE_RESUME);
    assertThat(r.selector()).containsEntry("app", "orders");
  }

  @Test
  void when_everyAnnotationIsSet_then_eachIsRead() {
    ManagedRollout r =
        ManagedRollout.from(
            rollout(
                Map.of(
                    ManagedRollout.GROUP_ANNOTATION, "base",
                    ManagedRollout.LEASE_ANNOTATION, "my-lease",
                    ManagedRollout.PORT_ANNOTATION, "9090",
                    ManagedRollout.STRATEGY_ANNOTATION, "offset-sync"),
                status("a", "a", false)));

    assertThat(r.leaseName()).isEqualTo("my-lease");
    assertThat(r.lifecyclePort()).isEqualTo(9090);
    assertThat(r.strategy()).isEqualTo(StrategyName.OFFSET_SYNC);
  }

  @Test
  void when_annotationsAreInvalid_then_everyProblemIsListed() {
    GenericKubernetesResource bad =
        rollout(
            Map.of(
                ManagedRollout.PORT_ANNOTATION, "http",
                ManagedRollout.STRATEGY_ANNOTATION, "kafka-streams"),
            status("a", "a", false));

    assertThatThrownBy(() -> ManagedRollout.from(bad))
        .isInstanceOfSatisfying(
            InvalidRolloutException.class,
            e ->
                assertThat(e.problems())
                    .extracting(FieldError::field)
                    .containsExactlyInAnyOrder(
                        ManagedRollout.GROUP_ANNOTATION,
                        ManagedRollout.PORT_ANNOTATION,
                        ManagedRollout.STRATEGY_ANNOTATION));
    assertThat(ManagedRollout.isManaged(bad)).isFalse();
  }

  @Test
  void When_strategy_connect_Then_the_connector_annotation_is_required_instead_of_the_group() {
    GenericKubernetesResource bad =
        rollout(
            Map.of(
                ManagedRollout.STRATEGY_ANNOTATION, "connect",
                ConnectSettings.PORT_ANNOTATION, "-1"),
            status("a", "a", false));

    assertThatThrownBy(() -> ManagedRollout.from(bad))
        .isInstanceOfSatisfying(
            InvalidRolloutException.class,
            e ->
                assertThat(e.problems())
                    .extracting(FieldError::field)
                    .containsExactlyInAnyOrder(
                        ConnectSettings.CONNECTOR_ANNOTATION, ConnectSettings.PORT_ANNOTATION));
  }

  @Test
  void When_strategy_connect_Then_the_connector_and_REST_port_are_read() {
    ManagedRollout r =
        ManagedRollout.from(
            rollout(
                Map.of(
                    ManagedRollout.STRATEGY_ANNOTATION, "connect",
                    ConnectSettings.CONNECTOR_ANNOTATION, "orders-sink"),
                status("a", "a", false)));

    assertThat(r.strategy()).isEqualTo(StrategyName.CONNECT);
    assertThat(r.connect().connectorOf("abc")).isEqualTo("orders-sink-abc");
    assertThat(r.lifecyclePort()).as("the port called on each pod").isEqualTo(8083);
    assertThat(r.podPortAnnotation()).isEqualTo(ConnectSettings.PORT_ANNOTATION);
    assertThat(
            ManagedRollout.isManaged(
                rollout(
                    Map.of(ConnectSettings.CONNECTOR_ANNOTATION, "x"), status("a", "a", false))))
        .isTrue();
  }

  @Test
  void when_notAborted_then_theActiveSelectorIsDesired() {
    ManagedRollout r =
        ManagedRollout.from(
            rollout(Map.of(ManagedRollout.GROUP_ANNOTATION, "g"), status("blue", "green", false)));

    assertThat(r.desiredHash()).contains("green");
  }

  @Test
  void when_aborted_then_theStableRevisionIsDesired() {
    ManagedRollout r =
        ManagedRollout.from(
            rollout(Map.of(ManagedRollout.GROUP_ANNOTATION, "g"), status("blue", "green", true)));

    assertThat(r.desiredHash()).contains("blue");
    assertThat(r.status().aborted()).isTrue();
  }

  @Test
  void when_argoHasNotChosenYet_then_nothingIsDesired() {
    ManagedRollout r =
        ManagedRollout.from(rollout(Map.of(ManagedRollout.GROUP_ANNOTATION, "g"), Map.of()));

    assertThat(r.desiredHash()).isEmpty();
  }

  @Test
  void refsAndHashesAreValidated() {
    assertThat(RolloutRef.problems("shop", "orders")).isEmpty();
    assertThat(RolloutRef.problems("Shop_1", "orders/x")).hasSize(2);
    assertThat(PodHash.isValid("6d5f7c9b8")).isTrue();
    assertThat(PodHash.isValid("6D5F")).isFalse();
    assertThat(PodHash.isValid("")).isFalse();
    assertThat(PodHash.isValid("a-b")).isTrue();
    assertThat(PodHash.isValid("-ab")).isFalse();
  }
}
