package io.kafkabluegreen.provider.lag;

import static io.kafkabluegreen.provider.lag.LagFixtures.commit;
import static io.kafkabluegreen.provider.lag.LagFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kafkabluegreen.provider.lag.RunningProvider.Response;
import io.kafkabluegreen.tests.kafka.KafkaBroker;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every malformed parameter of the lag endpoints is a 400 problem naming the field, even when the
 * group exists and Kafka answers (so nothing else could explain the error).
 */
class LagParamsIT {

  private static String group;
  private static String topic;
  private static RunningProvider provider;

  @BeforeAll
  static void start() {
    KafkaBroker broker = KafkaBroker.shared();
    topic = unique("params");
    group = unique("g-params");
    broker.createTopic(topic, 1);
    broker.produce(topic, 0, 4);
    commit(broker.admin(), group, topic, 1);
    provider = RunningProvider.start(broker.bootstrapServers());
  }

  @AfterAll
  static void stop() {
    provider.close();
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("When_group_is_missing_Then_400", "/v1/lag", List.of("group")),
        Arguments.of("When_group_is_empty_Then_400", "/v1/lag?group=", List.of("group")),
        Arguments.of("When_group_is_blank_Then_400", "/v1/lag?group=%20%20", List.of("group")),
        Arguments.of(
            "When_group_is_too_long_Then_400",
            "/v1/lag?group=" + "g".repeat(256),
            List.of("group")),
        Arguments.of(
            "When_group_is_repeated_Then_400", "/v1/lag?group=GROUP&group=other", List.of("group")),
        Arguments.of(
            "When_topic_has_illegal_characters_Then_400",
            "/v1/lag?group=GROUP&topic=bad%2Fname",
            List.of("topic")),
        Arguments.of(
            "When_topic_is_empty_Then_400", "/v1/lag?group=GROUP&topic=", List.of("topic")),
        Arguments.of(
            "When_topic_is_too_long_Then_400",
            "/v1/lag?group=GROUP&topic=" + "t".repeat(250),
            List.of("topic")),
        Arguments.of(
            "When_isolation_is_unknown_Then_400",
            "/v1/lag?group=GROUP&isolation=serializable",
            List.of("isolation")),
        Arguments.of(
            "When_isolation_is_repeated_Then_400",
            "/v1/lag?group=GROUP&isolation=read_committed&isolation=read_uncommitted",
            List.of("isolation")),
        Arguments.of(
            "When_uncommitted_is_unknown_Then_400",
            "/v1/lag?group=GROUP&uncommitted=none",
            List.of("uncommitted")),
        Arguments.of(
            "When_timeLag_is_not_a_boolean_Then_400",
            "/v1/lag?group=GROUP&timeLag=yes",
            List.of("timeLag")),
        Arguments.of(
            "When_detail_is_unknown_Then_400",
            "/v1/lag?group=GROUP&detail=everything",
            List.of("detail")),
        Arguments.of(
            "When_detail_is_repeated_Then_400",
            "/v1/lag?group=GROUP&detail=totals&detail=partitions",
            List.of("detail")),
        Arguments.of(
            "When_status_gets_detail_Then_400",
            "/v1/lag/status?group=GROUP&detail=totals",
            List.of("detail")),
        Arguments.of(
            "When_parameter_is_unknown_Then_400",
            "/v1/lag?group=GROUP&isolaton=read_committed",
            List.of("isolaton")),
        Arguments.of(
            "When_several_are_wrong_Then_each_is_named",
            "/v1/lag?isolation=x&uncommitted=y&timeLag=z",
            List.of("group", "isolation", "timeLag", "uncommitted")),
        Arguments.of("When_status_group_is_missing_Then_400", "/v1/lag/status", List.of("group")),
        Arguments.of(
            "When_status_gets_a_lag_only_parameter_Then_400",
            "/v1/lag/status?group=GROUP&topic=x",
            List.of("topic")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void rejects(String behaviour, String pathAndQuery, List<String> fields) {
    Response r = provider.get(pathAndQuery.replace("GROUP", group));

    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.json().get("type").asText()).endsWith("/bad-request");
    List<String> named = new ArrayList<>();
    for (JsonNode error : r.json().get("errors")) {
      named.add(error.get("field").asText());
      assertThat(error.get("detail").asText()).isNotBlank();
    }
    assertThat(named).containsExactlyInAnyOrderElementsOf(fields);
  }

  @Test
  void When_every_parameter_is_well_formed_Then_200() {
    Response r =
        provider.get(
            "/v1/lag?group="
                + group
                + "&topic="
                + topic
                + "&isolation=READ_COMMITTED&uncommitted=latest&timeLag=false");

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().get("totalLag").asLong()).isEqualTo(3);
  }
}
