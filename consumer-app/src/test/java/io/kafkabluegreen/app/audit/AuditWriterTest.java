package io.kafkabluegreen.app.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkabluegreen.lifecycle.OffsetCommitter.CommitAbortedException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class AuditWriterTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.ofEpochMilli(1763769600123L), ZoneOffset.UTC);
  private static final ConsumerRecord<String, byte[]> SOURCE =
      new ConsumerRecord<>("orders", 3, 1041, "k-1041", new byte[0]);

  @Test
  void The_audit_record_follows_the_documented_contract() throws Exception {
    MockProducer<String, byte[]> producer =
        new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    AuditWriter writer =
        new AuditWriter(producer, "audit", "6d5f7c9b8", "app-6d5f7c9b8-abcde", CLOCK);

    writer.write(SOURCE);
    writer.flush();

    assertThat(producer.history()).hasSize(1);
    assertThat(producer.history().get(0).topic()).isEqualTo("audit");
    assertThat(producer.history().get(0).key()).isEqualTo("orders-3-1041");
    JsonNode json = new ObjectMapper().readTree(producer.history().get(0).value());
    assertThat(json.toString())
        .isEqualTo(
            "{\"topic\":\"orders\",\"partition\":3,\"offset\":1041,\"key\":\"k-1041\","
                + "\"hash\":\"6d5f7c9b8\",\"pod\":\"app-6d5f7c9b8-abcde\",\"processedAt\":1763769600123}");
  }

  @Test
  void When_a_send_failed_Then_flush_fails_so_that_nothing_is_committed() {
    MockProducer<String, byte[]> producer =
        new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
    AuditWriter writer = new AuditWriter(producer, "audit", "h", "p", CLOCK);
    writer.write(SOURCE);
    producer.errorNext(new KafkaException("broker gone"));

    assertThatThrownBy(writer::flush).hasMessageContaining("audit record could not be written");
  }

  @Test
  void In_transactional_mode_offsets_and_audit_records_commit_together() {
    MockProducer<String, byte[]> producer =
        new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    TransactionalAudit audit = new TransactionalAudit(producer, "audit", "h", "p", CLOCK);
    Map<TopicPartition, OffsetAndMetadata> offsets =
        Map.of(new TopicPartition("orders", 3), new OffsetAndMetadata(1042));

    audit.write(SOURCE);
    audit.commit(offsets, new ConsumerGroupMetadata("processor"));

    assertThat(producer.transactionCommitted()).isTrue();
    assertThat(producer.consumerGroupOffsetsHistory())
        .containsExactly(Map.of("processor", offsets));
    assertThat(producer.history()).hasSize(1);
  }

  @Test
  void When_the_transaction_cannot_commit_Then_it_is_aborted_and_reported_as_such() {
    MockProducer<String, byte[]> producer =
        new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    TransactionalAudit audit = new TransactionalAudit(producer, "audit", "h", "p", CLOCK);
    audit.write(SOURCE);
    producer.commitTransactionException = new KafkaException("coordinator moved");

    assertThatThrownBy(
            () ->
                audit.commit(
                    Map.of(new TopicPartition("orders", 3), new OffsetAndMetadata(1042)),
                    new ConsumerGroupMetadata("processor")))
        .isInstanceOf(CommitAbortedException.class);
    assertThat(producer.transactionAborted()).isTrue();
  }
}
