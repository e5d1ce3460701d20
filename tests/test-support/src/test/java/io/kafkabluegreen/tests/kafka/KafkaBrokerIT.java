package io.kafkabluegreen.tests.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class KafkaBrokerIT {

  @Test
  void producesKillsAndRestartsWithDataIntact() throws Exception {
    try (KafkaBroker broker = KafkaBroker.start()) {
      broker.createTopic("orders", 3);
      broker.produce("orders", 300);
      assertThat(endOffsetSum(broker, "orders", 3)).isEqualTo(300);

      broker.kill();
      assertThat(broker.isRunning()).isFalse();
      broker.restart();

      assertThat(broker.topics()).contains("orders");
      assertThat(endOffsetSum(broker, "orders", 3)).isEqualTo(300);
    }
  }

  private static long endOffsetSum(KafkaBroker broker, String topic, int partitions)
      throws Exception {
    Map<TopicPartition, OffsetSpec> request = new java.util.HashMap<>();
    for (int p = 0; p < partitions; p++) {
      request.put(new TopicPartition(topic, p), OffsetSpec.latest());
    }
    return broker.admin().listOffsets(request).all().get().values().stream()
        .mapToLong(info -> info.offset())
        .sum();
  }
}
