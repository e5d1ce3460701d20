package io.kafkabluegreen.provider.connect;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.kafkabluegreen.provider.connect.ConnectWorkerAnswers.error;
import static io.kafkabluegreen.provider.connect.ConnectWorkerAnswers.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.kafkabluegreen.provider.pods.PodLocator;
import io.kafkabluegreen.provider.revision.RevisionHealth;
import io.kafkabluegreen.provider.rollout.ConnectSettings;
import io.kafkabluegreen.provider.rollout.ManagedRollout;
import io.kafkabluegreen.provider.rollout.RolloutReader;
import io.kafkabluegreen.provider.rollout.RolloutRef;
import io.kafkabluegreen.provider.support.KubernetesFixture;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the provider reads of a revision's Connect cluster over its REST API (WireMock shaped like
 * Connect 4.1): {@code GET …/revisions/{hash}} as lifecycle states, and whether the watcher must
 * resume a connector the Lease names.
 */
class ConnectRevisionStateTest {

  private static final String STATUS = "/connectors/orders-sink-green/status";

  private WireMockServer worker;
  private KubernetesFixture kube;
  private ConnectRevisionHealth health;
  private ConnectSinkStrategy strategy;
  private ManagedRollout rollout;

  @BeforeEach
  void setUp() {
    worker = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    worker.start();
    worker.stubFor(get(urlEqualTo("/")).willReturn(json(200, "{\"version\":\"4.1.0\"}")));
    kube = new KubernetesFixture();
    kube.rollout(
        "shop",
        "orders",
        Map.of(
            ManagedRollout.STRATEGY_ANNOTATION, "connect",
            ConnectSettings.CONNECTOR_ANNOTATION, "orders-sink",
            ConnectSettings.PORT_ANNOTATION, Integer.toString(worker.port())),
        "blue");
    kube.pod("shop", "orders", "green", "orders-green-1", "127.0.0.1", 1);
    rollout = new RolloutReader(kube.client()).require(new RolloutRef("shop", "orders"));
    health =
        new ConnectRevisionHealth(
            new PodLocator(kube.client()), new ConnectClients(ConnectClientOptions.defaults()));
    strategy =
        new ConnectSinkStrategy(
            new PodLocator(kube.client()),
            new ConnectClients(ConnectClientOptions.defaults()),
            kube.client(),
            Duration.ofSeconds(1),
            Duration.ofMillis(50));
  }

  @AfterEach
  void tearDown() {
    worker.stop();
    kube.close();
  }

  @Test
  void When_the_connector_is_not_created_yet_Then_the_revision_is_ready_and_standby() {
    worker.stubFor(get(urlEqualTo(STATUS)).willReturn(error(404, "No status found")));

    RevisionHealth h = health.health(rollout, "green");

    assertThat(h.ready()).isTrue();
    assertThat(h.allStandby()).isTrue();
    assertThat(h.pods()).singleElement().satisfies(p -> assertThat(p.state()).isEqualTo("STANDBY"));
  }

  @Test
  void When_a_task_failed_Then_the_revision_is_not_ready_and_says_why() {
    worker.stubFor(
        get(urlEqualTo(STATUS))
            .willReturn(
                running(
                    "\"FAILED\",\"worker_id\":\"127.0.0.1:8083\",\"trace\":"
                        + "\"org.apache.kafka.connect.errors.ConnectException: cannot open /x"
                        + "\\n\\tat ...\"")));

    RevisionHealth h = health.health(rollout, "green");

    assertThat(h.ready()).isFalse();
    assertThat(h.allActive()).isFalse();
    assertThat(h.pods())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.error()).contains("0 FAILED", "cannot open /x");
              assertThat(p.assignedPartitions()).as("tasks on this worker").isEqualTo(1);
            });
  }

  @Test
  void When_running_with_every_task_Then_the_revision_is_active() {
    worker.stubFor(
        get(urlEqualTo(STATUS))
            .willReturn(running("\"RUNNING\",\"worker_id\":\"127.0.0.1:8083\"")));

    RevisionHealth h = health.health(rollout, "green");

    assertThat(h.ready()).isTrue();
    assertThat(h.allActive()).isTrue();
  }

  @Test
  void When_the_Lease_names_a_revision_whose_connector_is_stopped_Then_it_is_not_started() {
    worker.stubFor(
        get(urlEqualTo(STATUS))
            .willReturn(
                json(
                    200,
                    "{\"name\":\"orders-sink-green\",\"connector\":{\"state\":\"STOPPED\","
                        + "\"worker_id\":\"127.0.0.1:8083\"},\"tasks\":[],\"type\":\"sink\"}")));

    assertThat(strategy.started(rollout, "green")).isFalse();
  }

  @Test
  void When_the_connector_runs_is_absent_or_its_worker_is_down_Then_no_handover_is_asked_for() {
    worker.stubFor(get(urlEqualTo(STATUS)).willReturn(running("\"RUNNING\"")));
    assertThat(strategy.started(rollout, "green")).as("running").isTrue();

    worker.stubFor(get(urlEqualTo(STATUS)).willReturn(error(404, "No status found")));
    assertThat(strategy.started(rollout, "green")).as("not created yet").isTrue();

    worker.stop();
    assertThat(strategy.started(rollout, "green")).as("unreachable").isTrue();
  }

  /** The connector RUNNING on this worker with one task whose state (and more) is {@code task}. */
  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder running(
      String task) {
    return json(
        200,
        "{\"name\":\"orders-sink-green\",\"connector\":{\"state\":\"RUNNING\","
            + "\"worker_id\":\"127.0.0.1:8083\"},\"tasks\":[{\"id\":0,\"state\":"
            + task
            + "}],\"type\":\"sink\"}");
  }

  @Test
  void When_the_worker_does_not_answer_Then_the_revision_is_unreachable_and_not_ready() {
    worker.stop();

    RevisionHealth h = health.health(rollout, "green");

    assertThat(h.ready()).isFalse();
    assertThat(h.allReachable()).isFalse();
    assertThat(h.pods()).singleElement().satisfies(p -> assertThat(p.error()).isNotBlank());
  }
}
