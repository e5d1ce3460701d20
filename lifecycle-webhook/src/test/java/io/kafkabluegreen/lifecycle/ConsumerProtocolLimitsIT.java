package io.kafkabluegreen.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkabluegreen.tests.kafka.KafkaBroker;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.junit.jupiter.api.Test;

/**
 * Why strategy C cannot make a {@code group.protocol=consumer} switch faster than a heartbeat on a
 * broker with default settings (DESIGN.md, "Membership"): KIP-848's per-group heartbeat interval is
 * bounded below by the broker's {@code group.consumer.min.heartbeat.interval.ms}, 5000 ms by
 * default. Kept as a test so that a Kafka release that lifts the bound is noticed.
 */
class ConsumerProtocolLimitsIT {

  private final KafkaBroker broker = KafkaBroker.shared();

  @Test
  void A_group_heartbeat_interval_below_the_brokers_minimum_is_refused() {
    ConfigResource group =
        new ConfigResource(ConfigResource.Type.GROUP, "limits-" + UUID.randomUUID());
    AlterConfigOp fast =
        new AlterConfigOp(
            new ConfigEntry("consumer.heartbeat.interval.ms", "500"), AlterConfigOp.OpType.SET);

    assertThatThrownBy(
            () ->
                broker
                    .admin()
                    .incrementalAlterConfigs(Map.of(group, List.of(fast)))
                    .all()
                    .get(30, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("group.consumer.min.heartbeat.interval.ms");
  }

  @Test
  void The_brokers_minimum_itself_is_accepted() throws Exception {
    ConfigResource group =
        new ConfigResource(ConfigResource.Type.GROUP, "limits-" + UUID.randomUUID());
    AlterConfigOp atMinimum =
        new AlterConfigOp(
            new ConfigEntry("consumer.heartbeat.interval.ms", "5000"), AlterConfigOp.OpType.SET);

    broker
        .admin()
        .incrementalAlterConfigs(Map.of(group, List.of(atMinimum)))
        .all()
        .get(30, TimeUnit.SECONDS);

    assertThat(
            broker
                .admin()
                .describeConfigs(List.of(group))
                .all()
                .get(30, TimeUnit.SECONDS)
                .get(group)
                .get("consumer.heartbeat.interval.ms")
                .value())
        .isEqualTo("5000");
  }
}
