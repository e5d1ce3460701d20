package io.kafkabluegreen.provider.selfcheck;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each answer the provider (or something in its place) may give, and what the check makes of it.
 */
class SelfCheckServiceTest {

  private static final String GROUP = "example.group";
  private static final String LAG_REPORT =
      "{\"group\":\"example.group\",\"state\":\"STABLE\",\"members\":1,\"totalLag\":7,"
          + "\"maxLag\":4,\"partitions\":[],\"orphanedOffsets\":[]}";

  private WireMockServer provider;
  private String baseUrl;

  @BeforeEach
  void setUp() {
    provider = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    provider.start();
    baseUrl = "http://127.0.0.1:" + provider.port();
    provider.stubFor(get(urlEqualTo("/readyz")).willReturn(json(200, "{\"status\":\"READY\"}")));
  }

  @AfterEach
  void tearDown() {
    provider.stop();
  }

  static Stream<Arguments> lagAnswers() {
    return Stream.of(
        Arguments.of(
            "When_200WithTheLagFields_Then_Pass", json(200, LAG_REPORT), true, "totalLag=7"),
        Arguments.of(
            "When_404ProblemNamingTheGroup_Then_Pass",
            problem(404, "Consumer group 'example.group' does not exist"),
            true,
            "Kafka answered"),
        Arguments.of(
            "When_404ProblemNamingAnotherThing_Then_Fail",
            problem(404, "No route for GET /v1/lag"),
            false,
            "404"),
        Arguments.of(
            "When_404NotProblemJson_Then_Fail",
            aResponse()
                .withStatus(404)
                .withHeader("Content-Type", "text/html")
                .withBody("<html>'example.group' not found</html>"),
            false,
            "not a JSON object"),
        Arguments.of(
            "When_503KafkaUnavailable_Then_Fail",
            problem(503, "Kafka did not answer within 5000 ms"),
            false,
            "503 application/problem+json"),
        Arguments.of(
            "When_200NotJson_Then_Fail",
            aResponse().withStatus(200).withBody("OK"),
            false,
            "not a JSON object"),
        Arguments.of(
            "When_200JsonWithoutTheLagFields_Then_Fail",
            json(200, "{\"group\":\"example.group\"}"),
            false,
            "200 application/json"),
        Arguments.of(
            "When_200ForAnotherGroup_Then_Fail",
            json(200, LAG_REPORT.replace("example.group", "other")),
            false,
            "200 application/json"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("lagAnswers")
  void judgesTheLagAnswer(
      String name, ResponseDefinitionBuilder answer, boolean passed, String detail) {
    provider.stubFor(get(urlPathEqualTo("/v1/lag")).willReturn(answer));

    CheckResult result = service(Map.of()).lag();

    assertThat(result.passed()).as(result.line()).isEqualTo(passed);
    assertThat(result.detail()).contains(detail);
    provider.verify(getRequestedFor(urlEqualTo("/v1/lag?group=example.group")));
  }

  @Test
  void When_LagAnswersAfterTheBound_Then_FailWithTheBound() {
    provider.stubFor(
        get(urlPathEqualTo("/v1/lag")).willReturn(json(200, LAG_REPORT).withFixedDelay(2000)));

    CheckResult result = service(Map.of("SELFCHECK_TIMEOUT_MS", "300")).lag();

    assertThat(result.passed()).isFalse();
    assertThat(result.detail())
        .isEqualTo("no answer from GET /v1/lag?group=example.group within 300 ms");
  }

  @Test
  void When_ATopicIsGiven_Then_ItIsAskedForEncodedAndA404NamingItPasses() {
    provider.stubFor(
        get(urlPathEqualTo("/v1/lag"))
            .willReturn(problem(404, "Topic 'orders.v2' does not exist")));

    CheckResult result =
        service(Map.of("SELFCHECK_GROUP", "orders processor", "SELFCHECK_TOPIC", "orders.v2"))
            .lag();

    assertThat(result.passed()).as(result.line()).isTrue();
    provider.verify(
        getRequestedFor(urlEqualTo("/v1/lag?group=orders%20processor&topic=orders.v2")));
  }

  @Test
  void When_ReadyzIs503_Then_ReadinessFailsWithTheBody() {
    provider.stubFor(
        get(urlEqualTo("/readyz")).willReturn(json(503, "{\"status\":\"NOT_READY\"}")));

    CheckResult result = service(Map.of()).readiness();

    assertThat(result.passed()).isFalse();
    assertThat(result.line())
        .startsWith("FAIL readyz: 503 application/json {\"status\":\"NOT_READY\"}");
  }

  @Test
  void When_NothingListens_Then_BothChecksFailAndNameTheUrl() {
    provider.stop();

    var results = service(Map.of()).run();

    assertThat(results).extracting(CheckResult::name).containsExactly("readyz", "lag");
    assertThat(results).noneMatch(CheckResult::passed);
    assertThat(results.get(0).detail()).contains(baseUrl + "/readyz failed");
  }

  private SelfCheckService service(Map<String, String> extra) {
    Map<String, String> env = new HashMap<>(extra);
    env.put("SELFCHECK_PROVIDER_URL", baseUrl);
    env.putIfAbsent("SELFCHECK_GROUP", GROUP);
    return new SelfCheckService(SelfCheckOptions.fromEnv(env));
  }

  private static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }

  private static ResponseDefinitionBuilder problem(int status, String detail) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/problem+json")
        .withBody("{\"status\":" + status + ",\"title\":\"x\",\"detail\":\"" + detail + "\"}");
  }
}
