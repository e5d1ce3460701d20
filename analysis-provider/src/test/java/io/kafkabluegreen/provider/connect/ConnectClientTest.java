package io.kafkabluegreen.provider.connect;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.kafkabluegreen.provider.connect.ConnectWorkerAnswers.error;
import static io.kafkabluegreen.provider.connect.ConnectWorkerAnswers.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each endpoint against a WireMock worker that answers as Connect 4.1 does. */
class ConnectClientTest {

  private static final String RUNNING_STATUS =
      """
      {"name":"orders-green","connector":{"state":"RUNNING","worker_id":"10.0.0.7:8083"},
       "tasks":[{"id":0,"state":"RUNNING","worker_id":"10.0.0.7:8083"},
                {"id":1,"state":"RUNNING","worker_id":"10.0.0.8:8083"}],
       "type":"sink"}
      """;

  @RegisterExtension final WireMockExtension worker = ConnectWorkerAnswers.worker();

  private ConnectClient client;

  @BeforeEach
  void setUp() {
    client = ConnectWorkerAnswers.clientOf(worker, Duration.ofMillis(2000));
  }

  @Test
  void When_status_Then_theConnectorAndEachTaskAreRead() {
    worker.stubFor(
        get(urlEqualTo("/connectors/orders-green/status")).willReturn(json(200, RUNNING_STATUS)));

    ConnectorState state = client.status("orders-green").orElseThrow();

    assertThat(state.name()).isEqualTo("orders-green");
    assertThat(state.state()).isEqualTo("RUNNING");
    assertThat(state.workerId()).isEqualTo("10.0.0.7:8083");
    assertThat(state.type()).isEqualTo("sink");
    assertThat(state.tasks())
        .containsExactly(
            new ConnectorState.TaskState(0, "RUNNING", "10.0.0.7:8083", null),
            new ConnectorState.TaskState(1, "RUNNING", "10.0.0.8:8083", null));
    assertThat(state.runningWithAllTasks()).isTrue();
    worker.verify(
        getRequestedFor(urlEqualTo("/connectors/orders-green/status"))
            .withHeader("Accept", equalTo("application/json")));
  }

  @Test
  void When_aTaskFailed_Then_failedTaskCarriesItsTrace() {
    String trace =
        "org.apache.kafka.connect.errors.ConnectException: boom\\n\\tat Sink.put(Sink.java:1)";
    worker.stubFor(
        get(urlEqualTo("/connectors/orders-green/status"))
            .willReturn(
                json(
                    200,
                    """
                    {"name":"orders-green","connector":{"state":"RUNNING","worker_id":"w1:8083"},
                     "tasks":[{"id":0,"state":"RUNNING","worker_id":"w1:8083"},
                              {"id":1,"state":"FAILED","worker_id":"w2:8083","trace":"%s"}],
                     "type":"sink"}
                    """
                        .formatted(trace))));

    ConnectorState state = client.status("orders-green").orElseThrow();

    assertThat(state.runningWithAllTasks()).isFalse();
    ConnectorState.TaskState failed = state.failedTask().orElseThrow();
    assertThat(failed.id()).isEqualTo(1);
    assertThat(failed.workerId()).isEqualTo("w2:8083");
    assertThat(failed.trace())
        .isEqualTo(
            "org.apache.kafka.connect.errors.ConnectException: boom\n\tat Sink.put(Sink.java:1)");
  }

  @Test
  void When_statusOfAnUnknownConnector_Then_empty() {
    worker.stubFor(
        get(urlEqualTo("/connectors/orders-green/status"))
            .willReturn(error(404, "No status found for connector orders-green")));

    assertThat(client.status("orders-green")).isEmpty();
  }

  @Test
  void When_config_Then_theStringMapIsRead() {
    worker.stubFor(
        get(urlEqualTo("/connectors/orders-green/config"))
            .willReturn(
                json(
                    200,
                    """
                    {"connector.class":"org.apache.kafka.connect.file.FileStreamSinkConnector",
                     "topics":"orders","file":"/tmp/green.txt","name":"orders-green"}
                    """)));

    assertThat(client.config("orders-green").orElseThrow())
        .containsEntry("connector.class", "org.apache.kafka.connect.file.FileStreamSinkConnector")
        .containsEntry("topics", "orders")
        .containsEntry("file", "/tmp/green.txt")
        .hasSize(4);
  }

  @Test
  void When_configOfAnUnknownConnector_Then_empty() {
    worker.stubFor(
        get(urlEqualTo("/connectors/orders-green/config"))
            .willReturn(error(404, "Connector orders-green not found")));

    assertThat(client.config("orders-green")).isEmpty();
  }

  @Test
  void When_createStopped_Then_nameConfigAndInitialStateStoppedArePosted() {
    worker.stubFor(post(urlEqualTo("/connectors")).willReturn(json(201, "{}")));
    Map<String, String> config = new LinkedHashMap<>();
    config.put("connector.class", "org.apache.kafka.connect.file.FileStreamSinkConnector");
    config.put("topics", "orders");

    client.createStopped("orders-green", config);

    worker.verify(
        postRequestedFor(urlEqualTo("/connectors"))
            .withHeader("Content-Type", equalTo("application/json"))
            .withRequestBody(
                equalToJson(
                    """
                    {"name":"orders-green",
                     "config":{"connector.class":"org.apache.kafka.connect.file.FileStreamSinkConnector",
                               "topics":"orders"},
                     "initial_state":"STOPPED"}
                    """)));
  }

  @Test
  void When_createStoppedFindsTheConnectorExists_Then_itIsNotAnError() {
    worker.stubFor(
        post(urlEqualTo("/connectors"))
            .willReturn(error(409, "Connector orders-green already exists")));

    client.createStopped("orders-green", Map.of("topics", "orders"));

    // An "already exists" 409 is an answer, not a rebalance: asked once, not retried.
    worker.verify(1, postRequestedFor(urlEqualTo("/connectors")));
  }

  @Test
  void When_stop_Then_stopIsPut() {
    worker.stubFor(
        put(urlEqualTo("/connectors/orders-blue/stop")).willReturn(aResponse().withStatus(204)));

    client.stop("orders-blue");

    worker.verify(1, putRequestedFor(urlEqualTo("/connectors/orders-blue/stop")));
  }

  @Test
  void When_resume_Then_resumeIsPut() {
    worker.stubFor(
        put(urlEqualTo("/connectors/orders-green/resume")).willReturn(aResponse().withStatus(202)));

    client.resume("orders-green");

    worker.verify(1, putRequestedFor(urlEqualTo("/connectors/orders-green/resume")));
  }

  @Test
  void When_offsets_Then_eachPartitionAndOffsetIsRead() {
    worker.stubFor(
        get(urlEqualTo("/connectors/orders-blue/offsets"))
            .willReturn(
                json(
                    200,
                    """
                    {"offsets":[
                      {"partition":{"kafka_topic":"orders","kafka_partition":0},"offset":{"kafka_offset":42}},
                      {"partition":{"kafka_topic":"orders","kafka_partition":1},"offset":{"kafka_offset":7}}]}
                    """)));

    List<ConnectorOffset> offsets = client.offsets("orders-blue");

    assertThat(offsets)
        .containsExactly(
            new ConnectorOffset(
                Map.of("kafka_topic", "orders", "kafka_partition", 0), Map.of("kafka_offset", 42)),
            new ConnectorOffset(
                Map.of("kafka_topic", "orders", "kafka_partition", 1), Map.of("kafka_offset", 7)));
  }

  @Test
  void When_alterOffsets_Then_theOffsetsArePatched() {
    worker.stubFor(
        patch(urlEqualTo("/connectors/orders-green/offsets"))
            .willReturn(
                json(
                    200,
                    "{\"message\":\"The offsets for this connector have been altered successfully\"}")));

    client.alterOffsets(
        "orders-green",
        List.of(
            new ConnectorOffset(
                Map.of("kafka_topic", "orders", "kafka_partition", 0),
                Map.of("kafka_offset", 42))));

    worker.verify(
        patchRequestedFor(urlEqualTo("/connectors/orders-green/offsets"))
            .withHeader("Content-Type", equalTo("application/json"))
            .withRequestBody(
                equalToJson(
                    """
                    {"offsets":[{"partition":{"kafka_topic":"orders","kafka_partition":0},
                                 "offset":{"kafka_offset":42}}]}
                    """)));
  }

  @Test
  void When_alterOffsetsWithNone_Then_nothingIsSent() {
    client.alterOffsets("orders-green", List.of());

    worker.verify(0, anyRequestedFor(anyUrl()));
  }

  @Test
  void When_alterOffsetsOfARunningConnector_Then_connectsReasonIsQuoted() {
    String reason =
        "Connectors must be in the STOPPED state before their offsets can be modified."
            + " This can be done for the specified connector by issuing a 'PUT' request to the"
            + " '/connectors/orders-green/stop' endpoint";
    worker.stubFor(
        patch(urlEqualTo("/connectors/orders-green/offsets")).willReturn(error(400, reason)));

    ConnectRequestException e =
        catchThrowableOfType(
            ConnectRequestException.class,
            () ->
                client.alterOffsets(
                    "orders-green",
                    List.of(
                        new ConnectorOffset(
                            Map.of("kafka_partition", 0), Map.of("kafka_offset", 1)))));

    assertThat(e.status()).isEqualTo(400);
    assertThat(e.connectMessage()).isEqualTo(reason);
    assertThat(e.getMessage())
        .isEqualTo(
            "could not alter the offsets of connector orders-green on "
                + worker.baseUrl()
                + ": HTTP 400: "
                + reason);
  }

  static Stream<Arguments> commandsOnAConnector() {
    ConnectorOffset one =
        new ConnectorOffset(Map.of("kafka_partition", 0), Map.of("kafka_offset", 1));
    return Stream.of(
        Arguments.of("stop", (Consumer<ConnectClient>) c -> c.stop("orders-green")),
        Arguments.of("resume", (Consumer<ConnectClient>) c -> c.resume("orders-green")),
        Arguments.of(
            "read the offsets of", (Consumer<ConnectClient>) c -> c.offsets("orders-green")),
        Arguments.of(
            "alter the offsets of",
            (Consumer<ConnectClient>) c -> c.alterOffsets("orders-green", List.of(one))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("commandsOnAConnector")
  void When_aCommandNamesAnUnknownConnector_Then_404NamesTheConnectorAndTheWorker(
      String verb, Consumer<ConnectClient> command) {
    worker.stubFor(any(anyUrl()).willReturn(error(404, "Unknown connector orders-green")));

    ConnectRequestException e =
        catchThrowableOfType(ConnectRequestException.class, () -> command.accept(client));

    assertThat(e.status()).isEqualTo(404);
    assertThat(e.connectMessage()).isEqualTo("Unknown connector orders-green");
    assertThat(e.getMessage())
        .isEqualTo(
            "could not "
                + verb
                + " connector orders-green: connector orders-green not found on "
                + worker.baseUrl()
                + " (HTTP 404: Unknown connector orders-green)");
  }

  @Test
  void When_theWorkerAnswersItsVersion_Then_reachable() {
    worker.stubFor(
        get(urlEqualTo("/"))
            .willReturn(
                json(
                    200,
                    "{\"version\":\"4.1.0\",\"commit\":\"abc\",\"kafka_cluster_id\":\"k1\"}")));

    assertThat(client.reachable()).isTrue();
  }

  @Test
  void When_somethingElseAnswersTheRoot_Then_notReachable() {
    worker.stubFor(
        get(urlEqualTo("/")).willReturn(aResponse().withStatus(200).withBody("<html/>")));

    assertThat(client.reachable()).isFalse();
  }

  @Test
  void When_theBaseUriHasAPathAndTheNameASpace_Then_theRequestKeepsOneAndEncodesTheOther() {
    worker.stubFor(
        get(urlEqualTo("/connect/connectors/orders%20green/status"))
            .willReturn(json(200, RUNNING_STATUS)));
    ConnectClient prefixed =
        new ConnectClient(
            URI.create(worker.baseUrl() + "/connect/"), ConnectClientOptions.defaults());

    assertThat(prefixed.status("orders green")).isPresent();
  }
}
