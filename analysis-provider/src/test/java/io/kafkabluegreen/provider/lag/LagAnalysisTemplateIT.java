package io.kafkabluegreen.provider.lag;

import static io.kafkabluegreen.provider.lag.LagFixtures.commit;
import static io.kafkabluegreen.provider.lag.LagFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.kafkabluegreen.tests.kafka.KafkaBroker;
import java.io.File;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Plays Argo's part for {@code analysis-templates/kafka-consumer-lag.yaml}: substitutes the args,
 * calls the URL on the real provider, applies the jsonPath and the success condition.
 */
class LagAnalysisTemplateIT {

  private static final File TEMPLATE = new File("../analysis-templates/kafka-consumer-lag.yaml");
  private static final Pattern ARG = Pattern.compile("\\{\\{args\\.([a-z0-9-]+)}}");

  private static KafkaBroker broker;
  private static RunningProvider provider;
  private static JsonNode metric;
  private static Map<String, String> defaults;

  @BeforeAll
  static void start() throws Exception {
    broker = KafkaBroker.shared();
    provider = RunningProvider.start(broker.bootstrapServers());
    JsonNode template = new ObjectMapper(new YAMLFactory()).readTree(TEMPLATE);
    assertThat(template.get("kind").asText()).isEqualTo("AnalysisTemplate");
    defaults = new HashMap<>();
    for (JsonNode arg : template.get("spec").get("args")) {
      assertThat(arg.get("name").asText()).matches("[a-z0-9]+(-[a-z0-9]+)*");
      if (arg.has("value")) {
        defaults.put(arg.get("name").asText(), arg.get("value").asText());
      }
    }
    metric = template.get("spec").get("metrics").get(0);
  }

  @AfterAll
  static void stop() {
    provider.close();
  }

  @Test
  void When_the_template_runs_Then_it_measures_total_lag_and_judges_it_against_max_lag() {
    String topic = unique("template");
    String group = unique("g-template");
    broker.createTopic(topic, 2);
    broker.produce(topic, 0, 30);
    broker.produce(topic, 1, 30);
    commit(broker.admin(), group, topic, 10, 25);

    assertThat(metric.get("count").asInt()).isPositive();
    assertThat(metric.get("interval").asText()).isNotBlank();
    assertThat(metric.has("failureLimit")).isTrue();
    assertThat(metric.get("provider").get("web").get("jsonPath").asText())
        .isEqualTo("{$.totalLag}");

    assertThat(measure(group, "25")).isEqualTo(25.0);
    assertThat(succeeds(25.0, "25")).isTrue();
    assertThat(succeeds(25.0, "24")).isFalse();
  }

  private static double measure(String group, String maxLag) {
    Map<String, String> args = new HashMap<>(defaults);
    args.put("provider-url", provider.baseUrl());
    args.put("consumer-group", group);
    args.put("max-lag", maxLag);
    String url = substitute(metric.get("provider").get("web").get("url").asText(), args);
    String pathAndQuery = url.substring(provider.baseUrl().length());
    RunningProvider.Response r = provider.get(pathAndQuery);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().get("totalLag").asDouble();
  }

  /** Argo substitutes the args into the condition, then evaluates it with {@code result} bound. */
  private static boolean succeeds(double result, String maxLag) {
    String condition =
        substitute(metric.get("successCondition").asText(), Map.of("max-lag", maxLag));
    Matcher m = Pattern.compile("result <= ([0-9.]+)").matcher(condition);
    assertThat(m.matches()).as(condition).isTrue();
    return result <= Double.parseDouble(m.group(1));
  }

  private static String substitute(String text, Map<String, String> args) {
    Matcher m = ARG.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      assertThat(args).as("arg %s is declared", m.group(1)).containsKey(m.group(1));
      m.appendReplacement(out, Matcher.quoteReplacement(args.get(m.group(1))));
    }
    m.appendTail(out);
    return out.toString();
  }
}
