package io.kafkabluegreen.provider.lag;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The served {@code /openapi.json} matches the code: the parameters each lag endpoint accepts, the
 * fields of each JSON record, the status values. No Kafka is needed to serve the document.
 */
class LagOpenApiTest {

  private static RunningProvider provider;
  private static JsonNode doc;

  @BeforeAll
  static void start() {
    provider = RunningProvider.start("127.0.0.1:1");
    RunningProvider.Response r = provider.get("/openapi.json");
    assertThat(r.status()).isEqualTo(200);
    doc = r.json();
  }

  @AfterAll
  static void stop() {
    provider.close();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"/v1/lag", "/v1/lag/status", "/metrics", "/healthz", "/readyz", "/openapi.json"})
  void When_served_Then_it_describes_every_endpoint(String path) {
    assertThat(doc.get("paths").has(path)).as(path).isTrue();
    assertThat(doc.get("paths").get(path).get("get").get("responses").has("200")).isTrue();
  }

  @Test
  void When_lag_parameters_are_documented_Then_they_are_exactly_the_accepted_ones() {
    assertThat(parameters("/v1/lag")).containsExactlyInAnyOrderElementsOf(LagParams.LAG_PARAMS);
    assertThat(parameters("/v1/lag/status"))
        .containsExactlyInAnyOrderElementsOf(LagParams.STATUS_PARAMS);
  }

  @Test
  void When_errors_are_documented_Then_lag_endpoints_list_400_404_503() {
    for (String path : List.of("/v1/lag", "/v1/lag/status")) {
      JsonNode responses = doc.get("paths").get(path).get("get").get("responses");
      assertThat(responses.has("400") && responses.has("404") && responses.has("503"))
          .as(path)
          .isTrue();
    }
  }

  @ParameterizedTest
  @ValueSource(
      classes = {
        LagReport.class,
        PartitionLag.class,
        OrphanedOffset.class,
        LagStatusReport.class,
        PartitionStatus.class,
        LagTotals.class,
        TopicLag.class
      })
  void When_a_record_is_documented_Then_its_schema_has_exactly_its_fields(Class<?> type) {
    JsonNode schema = doc.get("components").get("schemas").get(type.getSimpleName());
    assertThat(schema).as(type.getSimpleName()).isNotNull();
    List<String> documented = new ArrayList<>();
    schema.get("properties").fieldNames().forEachRemaining(documented::add);
    List<String> fields =
        Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList();
    assertThat(documented).containsExactlyInAnyOrderElementsOf(fields);
  }

  @Test
  void When_statuses_are_documented_Then_they_are_the_enum_in_severity_order() {
    List<String> documented = new ArrayList<>();
    doc.get("components")
        .get("schemas")
        .get("LagStatus")
        .get("enum")
        .forEach(v -> documented.add(v.asText()));
    assertThat(documented)
        .containsExactlyElementsOf(Arrays.stream(LagStatus.values()).map(Enum::name).toList());
  }

  private static List<String> parameters(String path) {
    List<String> names = new ArrayList<>();
    doc.get("paths")
        .get(path)
        .get("get")
        .get("parameters")
        .forEach(p -> names.add(p.get("name").asText()));
    return names;
  }
}
