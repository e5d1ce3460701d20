package io.kafkabluegreen.tests.e2e.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ConnectWorkerImageTest {

  @Test
  void When_the_pod_sets_CONNECT_variables_Then_each_is_a_worker_property() {
    Properties p =
        ConnectWorkerImage.workerProperties(
            Map.of(
                "CONNECT_GROUP_ID", "shop-connect-abc",
                "CONNECT_CONFIG_STORAGE_TOPIC", "shop-connect-abc-configs",
                "CONNECT_REST_ADVERTISED_HOST_NAME", "127.0.0.9",
                "KBG_SINK_FILE", "/tmp/sink.txt"));

    assertThat(p)
        .containsEntry("group.id", "shop-connect-abc")
        .containsEntry("config.storage.topic", "shop-connect-abc-configs")
        .containsEntry("rest.advertised.host.name", "127.0.0.9")
        .doesNotContainKey("kbg.sink.file");
  }

  @Test
  void When_the_pod_sets_a_default_Then_the_pod_wins() {
    Properties p =
        ConnectWorkerImage.workerProperties(
            Map.of("CONNECT_VALUE_CONVERTER", "org.apache.kafka.connect.json.JsonConverter"));

    assertThat(p)
        .containsEntry("value.converter", "org.apache.kafka.connect.json.JsonConverter")
        .containsEntry("key.converter", "org.apache.kafka.connect.storage.StringConverter")
        .containsEntry("config.providers", "env");
  }

  @Test
  void When_the_pod_has_IP_Then_the_listener_binds_it_on_8083() {
    assertThat(new ConnectWorkerImage().bindEnvironment("127.0.0.7"))
        .containsEntry("CONNECT_LISTENERS", "http://127.0.0.7:8083");
  }
}
