package io.kafkabluegreen.app.audit;

import io.kafkabluegreen.lifecycle.OffsetCommitter;
import java.time.Clock;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.ProducerFencedException;

/**
 * Consume–transform–produce: the audit records and the source offsets are committed in one
 * transaction, so a crash anywhere loses nothing and duplicates nothing (for read_committed
 * readers). All calls happen on the poll thread.
 */
public final class TransactionalAudit extends AuditWriter implements OffsetCommitter {

  private boolean open;

  public TransactionalAudit(
      Producer<String, byte[]> producer, String topic, String hash, String pod, Clock clock) {
    super(producer, topic, hash, pod, clock);
    producer.initTransactions();
  }

  @Override
  public void write(ConsumerRecord<String, ?> source) {
    begin();
    super.write(source);
  }

  @Override
  public void commit(Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group) {
    begin();
    try {
      producer.sendOffsetsToTransaction(offsets, group);
      producer.commitTransaction();
      open = false;
    } catch (ProducerFencedException | AuthorizationException e) {
      throw e; // fatal: another instance took over this transactional id
    } catch (KafkaException e) {
      producer.abortTransaction();
      open = false;
      throw new CommitAbortedException("Transaction aborted: " + e.getMessage(), e);
    }
  }

  private void begin() {
    if (!open) {
      producer.beginTransaction();
      open = true;
    }
  }
}
