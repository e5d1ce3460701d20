package io.kafkabluegreen.provider.lag;

import static io.kafkabluegreen.provider.lag.LagFixtures.commit;
import static io.kafkabluegreen.provider.lag.LagFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kafkabluegreen.provider.lag.RunningProvider.Response;
import io.kafkabluegreen.tests.kafka.KafkaBroker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Many callers of {@code timeLag=true} at once (more than {@link TimeLagReader#READERS}): every
 * answer carries the time-lag fields, as a value or as null with a reason, and every value that is
 * there is right.
 */
class LagTimeLagConcurrencyIT {

  private static final int CALLERS = 14;

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

  @Test
  void When_fourteen_callers_ask_for_time_lag_at_once_Then_every_answer_carries_it()
      throws Exception {
    String topic = unique("timelag-many");
    String group = unique("g-timelag-many");
    broker.createTopic(topic, 3);
    long minuteAgo = System.currentTimeMillis() - 60_000;
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            broker.clientProperties(), new StringSerializer(), new StringSerializer())) {
      for (int p = 0; p < 3; p++) {
        for (int i = 0; i < 4; i++) {
          producer.send(new ProducerRecord<>(topic, p, minuteAgo + i * 1000L, "k", "v" + i));
        }
      }
      producer.flush();
    }
    commit(broker.admin(), group, topic, 1, 4, 0); // partition 1 has no lag

    ExecutorService pool = Executors.newFixedThreadPool(CALLERS);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Response>> calls = new ArrayList<>();
    for (int i = 0; i < CALLERS; i++) {
      String detail = i % 2 == 0 ? "" : "&detail=totals";
      calls.add(
          pool.submit(
              () -> {
                go.await();
                return provider.get("/v1/lag?group=" + group + "&timeLag=true" + detail);
              }));
    }
    go.countDown();
    List<JsonNode> answers = new ArrayList<>();
    for (Future<Response> call : calls) {
      Response r = call.get(60, TimeUnit.SECONDS);
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      answers.add(r.json());
    }
    pool.shutdown();

    for (JsonNode answer : answers) {
      assertTimeLag(answer);
      JsonNode rows = answer.has("partitions") ? answer.get("partitions") : answer.get("topics");
      assertThat(rows).isNotEmpty();
      for (JsonNode row : rows) {
        assertTimeLag(row);
      }
      if (answer.has("partitions")) {
        JsonNode p1 = answer.get("partitions").get(1);
        assertThat(p1.get("timeLagSeconds").asDouble()).as("no lag, no time lag").isZero();
      }
    }
  }

  /**
   * The field is there; a value is the age of a record written a minute ago (offsets 0 and 1 of
   * partitions 0 and 2 are 57 to 60 s old); a null comes with its reason, for the group and for a
   * partition.
   */
  private static void assertTimeLag(JsonNode node) {
    assertThat(node.has("timeLagSeconds")).as("timeLagSeconds in %s", node).isTrue();
    JsonNode seconds = node.get("timeLagSeconds");
    if (seconds.isNull()) {
      if (node.has("partition") || node.has("group")) {
        assertThat(node.get("timeLagReason").asText()).as(node.toString()).isNotBlank();
      }
    } else {
      assertThat(seconds.asDouble())
          .as(node.toString())
          .satisfiesAnyOf(s -> assertThat(s).isZero(), s -> assertThat(s).isBetween(57.0, 600.0));
    }
  }
}
