package io.kafkabluegreen.app.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes the audit records with an idempotent, acks=all producer. Sends are asynchronous; {@link
 * #flush()} runs before every offset commit and fails if any send failed, so that a committed
 * offset always has its audit record acknowledged by the broker.
 */
public class AuditWriter implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  protected final Producer<String, byte[]> producer;
  private final String topic;
  private final String hash;
  private final String pod;
  private final Clock clock;
  private final AtomicReference<Exception> sendFailure = new AtomicReference<>();

  public AuditWriter(
      Producer<String, byte[]> producer, String topic, String hash, String pod, Clock clock) {
    this.producer = producer;
    this.topic = topic;
    this.hash = hash;
    this.pod = pod;
    this.clock = clock;
  }

  public void write(ConsumerRecord<String, ?> source) {
    AuditRecord audit =
        new AuditRecord(
            source.topic(),
            source.partition(),
            source.offset(),
            source.key(),
            hash,
            pod,
            clock.millis());
    byte[] value;
    try {
      value = JSON.writeValueAsBytes(audit);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot serialize " + audit, e);
    }
    producer.send(
        new ProducerRecord<>(topic, audit.auditKey(), value),
        (metadata, e) -> {
          if (e != null) {
            sendFailure.compareAndSet(null, e);
          }
        });
  }

  /** Waits until every audit record sent so far is acknowledged; throws if any was not. */
  public void flush() {
    producer.flush();
    Exception failure = sendFailure.get();
    if (failure != null) {
      throw new IllegalStateException("An audit record could not be written", failure);
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
