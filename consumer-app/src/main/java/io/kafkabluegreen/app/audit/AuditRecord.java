package io.kafkabluegreen.app.audit;

/**
 * One audit record per processed source record (consumer-app/README.md): the validator reads them
 * to prove that nothing was lost, nothing processed twice, and no two colors were active at once.
 */
public record AuditRecord(
    String topic,
    int partition,
    long offset,
    String key,
    String hash,
    String pod,
    long processedAt) {

  /** The audit record's Kafka key: {@code <topic>-<partition>-<offset>}. */
  public String auditKey() {
    return topic + "-" + partition + "-" + offset;
  }
}
