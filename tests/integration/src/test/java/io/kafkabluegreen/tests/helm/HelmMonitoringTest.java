package io.kafkabluegreen.tests.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ServiceMonitor, PrometheusRule and the Grafana dashboard, all opt-in. */
class HelmMonitoringTest {

  private final Manifests chart =
      ChartRenderer.render(HelmSecurityTest.ci("monitoring-values.yaml"));

  @Test
  void serviceMonitorScrapesTheProviderService() {
    JsonNode monitor = chart.one("ServiceMonitor");
    JsonNode service = chart.one("Service");

    assertThat(monitor.path("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(
            PodSpecs.selects(
                monitor.path("spec").path("selector").path("matchLabels"),
                service.path("metadata").path("labels")))
        .isTrue();
    JsonNode endpoint = monitor.path("spec").path("endpoints").get(0);
    assertThat(endpoint.path("port").asText())
        .isEqualTo(service.path("spec").path("ports").get(0).path("name").asText());
    assertThat(endpoint.path("path").asText()).isEqualTo("/metrics");
    assertThat(endpoint.path("interval").asText()).isEqualTo("15s");
    assertThat(endpoint.path("honorLabels").asBoolean())
        .as("active_hash_info keeps the Rollout's namespace label")
        .isTrue();
    assertThat(monitor.path("metadata").path("labels").path("release").asText())
        .isEqualTo("kube-prometheus-stack");
  }

  @Test
  void prometheusRuleWatchesHandoverLagDualActiveAndProviderHealth() {
    JsonNode rules = chart.one("PrometheusRule").path("spec").path("groups").get(0).path("rules");
    List<String> alerts = new ArrayList<>();
    rules.forEach(r -> alerts.add(r.path("alert").asText()));

    assertThat(alerts)
        .containsExactly(
            "KafkaBlueGreenHandoverFailed",
            "KafkaBlueGreenConsumerLagHigh",
            "KafkaBlueGreenDualActive",
            "KafkaBlueGreenProviderDown");
    assertThat(rules.get(0).path("expr").asText())
        .contains("kafka_bluegreen_handovers_total{result=\"failed\"}");
    assertThat(rules.get(1).path("expr").asText())
        .contains("kafka_bluegreen_consumer_group_lag_records")
        .endsWith("> 5000");
    assertThat(rules.get(1).path("for").asText()).isEqualTo("5m");
    assertThat(rules.get(2).path("expr").asText())
        .contains("kafka_bluegreen_consumer_lifecycle_state{state=~\"ACTIVE|DRAINING\"}")
        .endsWith("> 1");
    assertThat(rules.get(2).path("for").asText())
        .as("longer than a scrape interval")
        .isEqualTo("1m");
    assertThat(rules.get(2).path("labels").path("severity").asText()).isEqualTo("critical");
    assertThat(rules.get(3).path("expr").asText())
        .contains("up{job=\"kafka-bluegreen\", namespace=\"shop\"}")
        .contains("absent(");
    assertThat(rules.get(0).path("annotations").path("description").asText())
        .contains("{{ $labels.strategy }}");
  }

  @Test
  void grafanaDashboardShowsLagHandoverDurationAndActiveHash() throws Exception {
    JsonNode configMap = chart.one("ConfigMap");
    assertThat(configMap.path("metadata").path("labels").path("grafana_dashboard").asText())
        .isEqualTo("1");
    assertThat(configMap.path("metadata").path("annotations").path("grafana_folder").asText())
        .isEqualTo("Kafka");

    JsonNode dashboard =
        new ObjectMapper().readTree(configMap.path("data").path("kafka-bluegreen.json").asText());
    StringBuilder queries = new StringBuilder();
    dashboard
        .path("panels")
        .forEach(
            p ->
                p.path("targets")
                    .forEach(t -> queries.append(t.path("expr").asText()).append('\n')));
    assertThat(dashboard.path("uid").asText()).isEqualTo("kafka-bluegreen");
    assertThat(queries.toString())
        .contains("kafka_bluegreen_consumer_group_lag_records")
        .contains("kafka_bluegreen_consumer_lag_records")
        .contains("kafka_bluegreen_handover_step_seconds_bucket")
        .contains("kafka_bluegreen_handovers_total")
        .contains("kafka_bluegreen_consumer_lifecycle_state")
        .contains("kafka_bluegreen_active_hash_info");
    assertThat(queries.toString().lines().filter(q -> !q.isBlank()))
        .allMatch(q -> q.contains("kafka_bluegreen_"));
  }

  @Test
  void podMonitorScrapesBothColorsOfTheExampleConsumer() {
    Manifests withExample =
        ChartRenderer.render(
            HelmSecurityTest.ci("monitoring-values.yaml"),
            HelmSecurityTest.ci("example-values.yaml"));
    JsonNode monitor = withExample.one("PodMonitor");
    JsonNode rollout = withExample.one("Rollout");

    assertThat(
            PodSpecs.selects(
                monitor.path("spec").path("selector").path("matchLabels"),
                PodSpecs.podLabels(rollout)))
        .isTrue();
    JsonNode endpoint = monitor.path("spec").path("podMetricsEndpoints").get(0);
    assertThat(PodSpecs.portNames(PodSpecs.container(rollout, "consumer-app")))
        .contains(endpoint.path("port").asText());
    assertThat(endpoint.path("path").asText()).isEqualTo("/metrics");
    assertThat(chart.has("PodMonitor")).as("no example, no PodMonitor").isFalse();
  }

  @Test
  void nothingIsRenderedForPrometheusOperatorOrGrafanaByDefault() {
    Manifests defaults = ChartRenderer.render();
    assertThat(
            defaults.has("ServiceMonitor")
                || defaults.has("PrometheusRule")
                || defaults.has("PodMonitor")
                || defaults.has("ConfigMap"))
        .isFalse();
  }
}
