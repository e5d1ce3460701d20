package io.kafkabluegreen.provider.lag;

import static io.kafkabluegreen.provider.lag.LagFixtures.commit;
import static io.kafkabluegreen.provider.lag.LagFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kafkabluegreen.provider.lag.RunningProvider.Response;
import io.kafkabluegreen.tests.kafka.KafkaBroker;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/lag?detail=totals} against a real broker, next to the full answer. */
class LagTotalsIT {

  private static KafkaBroker broker;
  private static RunningProvider provider;

  @BeforeAll
  static void start() {
    broker = KafkaBroker.shared();
    provider = RunningProvider.start(broker.bootstrapServers());
  }

  @AfterAll
  static void stop() {
    provider.close();
  }

  private static JsonNode ok(String query) {
    Response r = provider.get("/v1/lag?" + query);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.contentType()).startsWith("application/json");
    return r.json();
  }

  @Test
  void When_totals_are_asked_Then_they_equal_the_full_answer_of_the_same_offsets() {
    String a = unique("totals-a");
    String b = unique("totals-b");
    String group = unique("g-totals");
    broker.createTopic(a, 3);
    broker.createTopic(b, 2);
    for (int p = 0; p < 3; p++) {
      broker.produce(a, p, 10 + p);
    }
    broker.produce(b, 0, 4);
    broker.produce(b, 1, 6);
    commit(broker.admin(), group, a, 1, 2, -1); // a-2 never committed: counts 12 (earliest)
    commit(broker.admin(), group, b, 4, 0);

    // nothing produces or commits in between: both answers read the same offsets
    JsonNode full = ok("group=" + group);
    JsonNode totals = ok("group=" + group + "&detail=totals");

    assertThat(totals.get("totalLag").asLong())
        .isEqualTo(full.get("totalLag").asLong())
        .isEqualTo(9 + 9 + 12 + 0 + 6);
    assertThat(totals.get("maxLag").asLong()).isEqualTo(full.get("maxLag").asLong());
    assertThat(totals.get("partitionCount").asInt()).isEqualTo(full.get("partitions").size());
    for (String field : new String[] {"group", "state", "members", "isolation", "uncommitted"}) {
      assertThat(totals.get(field)).as(field).isEqualTo(full.get(field));
    }
    assertThat(totals.has("partitions")).as("no per-partition list").isFalse();
    Map<String, Long> perTopic = new HashMap<>();
    for (JsonNode p : full.get("partitions")) {
      perTopic.merge(p.get("topic").asText(), p.get("lag").asLong(), Long::sum);
    }
    assertThat(totals.get("topics")).hasSize(2);
    for (JsonNode t : totals.get("topics")) {
      assertThat(t.get("totalLag").asLong())
          .as(t.toString())
          .isEqualTo(perTopic.get(t.get("topic").asText()));
    }
    assertThat(totals.get("topics").get(0).get("topic").asText()).isEqualTo(a);
    assertThat(totals.get("topics").get(0).get("partitions").asInt()).isEqualTo(3);
  }

  @Test
  void When_detail_is_partitions_Then_the_answer_is_the_default_one() {
    String topic = unique("totals-default");
    String group = unique("g-totals-default");
    broker.createTopic(topic, 1);
    broker.produce(topic, 0, 5);
    commit(broker.admin(), group, topic, 2);

    JsonNode explicit = ok("group=" + group + "&detail=partitions");
    JsonNode implicit = ok("group=" + group);

    assertThat(explicit.get("partitions")).isEqualTo(implicit.get("partitions"));
    assertThat(explicit.get("totalLag").asLong()).isEqualTo(3);
  }
}
