package io.kafkabluegreen.tests.validate;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;

/**
 * One audit record as consumer-app writes it (consumer-app/README.md): which source record was
 * processed, by which revision ({@code hash}) and pod, and when ({@code processedAt}, epoch
 * millis).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AuditRecord(
    String topic,
    int partition,
    long offset,
    String key,
    String hash,
    String pod,
    long processedAt) {

  private static final ObjectMapper JSON =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public TopicPartition topicPartition() {
    return new TopicPartition(topic, partition);
  }

  /** {@code topic-partition@offset}, the identity of the processed source record. */
  public String sourceId() {
    return topic + "-" + partition + "@" + offset;
  }

  /** The parsed record, or empty when the value is not a well-formed audit record. */
  public static Optional<AuditRecord> parse(String json) {
    if (json == null) {
      return Optional.empty();
    }
    try {
      AuditRecord record = JSON.readValue(json, AuditRecord.class);
      if (record.topic() == null || record.hash() == null) {
        return Optional.empty();
      }
      return Optional.of(record);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
