package io.kafkabluegreen.provider.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.kafkabluegreen.provider.handover.HandoverStepException;
import io.strimzi.api.kafka.model.common.ConnectorState;
import io.strimzi.api.kafka.model.connector.KafkaConnector;
import io.strimzi.api.kafka.model.connector.KafkaConnectorBuilder;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link StrimziConnector}'s writes against an API server that, like a real one, refuses a patch
 * whose resourceVersion the operator's status write has just made stale.
 */
class StrimziConnectorTest {

  private static final String PATH =
      "/apis/kafka.strimzi.io/v1beta2/namespaces/ns/kafkaconnectors/orders-sink-a";

  private static final String COPIES =
      "/apis/kafka.strimzi.io/v1beta2/namespaces/ns/kafkaconnectors";

  private KubernetesMockServer server;
  private KubernetesClient client;

  @BeforeEach
  void start() {
    server = new KubernetesMockServer(false);
    server.init();
    client = server.createClient();
    server.expect().get().withPath(PATH).andReturn(200, connector()).always();
  }

  @AfterEach
  void stop() {
    client.close();
    server.destroy();
  }

  @Test
  void When_the_operator_wrote_between_read_and_patch_Then_the_edit_is_made_again()
      throws Exception {
    server.expect().patch().withPath(PATH).andReturn(409, conflict()).once();
    server.expect().patch().withPath(PATH).andReturn(200, connector()).once();

    strimzi().stop();

    assertThat(patches()).isEqualTo(2);
  }

  @Test
  void When_every_patch_conflicts_Then_the_step_fails_after_a_few_attempts() throws Exception {
    server.expect().patch().withPath(PATH).andReturn(409, conflict()).always();

    assertThatThrownBy(() -> strimzi().resume())
        .isInstanceOf(HandoverStepException.class)
        .hasMessageContaining("writing KafkaConnector ns/orders-sink-a");
    assertThat(patches()).isEqualTo(5);
  }

  @Test
  void When_an_earlier_attempt_created_the_copy_Then_it_is_kept() {
    anEarlierCopyNaming("connect-b");

    ConnectorControl copy = strimzi().createStoppedCopy("orders-sink-b", "a", "b", null);

    assertThat(copy.where()).isEqualTo("KafkaConnector ns/orders-sink-b");
  }

  @Test
  void When_a_resource_of_the_copys_name_names_another_cluster_Then_the_step_fails_naming_it() {
    anEarlierCopyNaming("connect-x");

    assertThatThrownBy(() -> strimzi().createStoppedCopy("orders-sink-b", "a", "b", null))
        .isInstanceOf(HandoverStepException.class)
        .hasMessage(
            "KafkaConnector ns/orders-sink-b already exists with strimzi.io/cluster=connect-x,"
                + " not connect-b");
  }

  /**
   * Creating {@code orders-sink-b} answers AlreadyExists; reading it gives one naming {@code
   * cluster}.
   */
  private void anEarlierCopyNaming(String cluster) {
    server.expect().post().withPath(COPIES).andReturn(409, alreadyExists()).once();
    server
        .expect()
        .get()
        .withPath(COPIES + "/orders-sink-b")
        .andReturn(200, copy(cluster))
        .always();
  }

  private StrimziConnector strimzi() {
    return new StrimziConnector(
        client, "ns", "orders-sink-a", Duration.ofSeconds(1), Duration.ofMillis(10));
  }

  private long patches() throws InterruptedException {
    long patches = 0;
    for (RecordedRequest r = server.takeRequest(100, TimeUnit.MILLISECONDS);
        r != null;
        r = server.takeRequest(100, TimeUnit.MILLISECONDS)) {
      if ("PATCH".equals(r.getMethod())) {
        patches++;
      }
    }
    return patches;
  }

  private static KafkaConnector connector() {
    return new KafkaConnectorBuilder()
        .withNewMetadata()
        .withNamespace("ns")
        .withName("orders-sink-a")
        .withResourceVersion("7")
        .addToLabels("strimzi.io/cluster", "connect-a")
        .endMetadata()
        .withNewSpec()
        .withClassName("org.apache.kafka.connect.file.FileStreamSinkConnector")
        .withTasksMax(1)
        .withState(ConnectorState.RUNNING)
        .endSpec()
        .build();
  }

  private static KafkaConnector copy(String cluster) {
    return new KafkaConnectorBuilder(connector())
        .editMetadata()
        .withName("orders-sink-b")
        .addToLabels("strimzi.io/cluster", cluster)
        .endMetadata()
        .build();
  }

  private static Status alreadyExists() {
    return new StatusBuilder()
        .withCode(409)
        .withReason("AlreadyExists")
        .withMessage("kafkaconnectors.kafka.strimzi.io \"orders-sink-b\" already exists")
        .build();
  }

  private static Status conflict() {
    return new StatusBuilder()
        .withCode(409)
        .withReason("Conflict")
        .withMessage("Operation cannot be fulfilled: the object has been modified")
        .build();
  }
}
