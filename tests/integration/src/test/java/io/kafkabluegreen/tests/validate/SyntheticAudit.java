package io.kafkabluegreen.tests.validate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.TopicPartition;

/**
 * Synthetic audit data: {@code perPartition} records on each of {@code partitions} partitions of
 * topic {@code orders}, record {@code o} of partition {@code p} nominally processed at {@code
 * 10_000 + 10·o + p} ms, so that partitions interleave in time as under real load. Which hash
 * processed it, and when exactly, is decided by the {@code era} function, so each test case states
 * only what differs from a clean run.
 */
final class SyntheticAudit {

  static final String TOPIC = "orders";
  static final String BLUE = "aaaa1111";
  static final String GREEN = "bbbb2222";

  private final int partitions;
  private final int perPartition;
  private final List<AuditRecord> records = new ArrayList<>();

  private SyntheticAudit(int partitions, int perPartition) {
    this.partitions = partitions;
    this.perPartition = perPartition;
  }

  /** What a record's audit looks like given its nominal time; null drops it (a loss). */
  interface Era {
    AuditRecord audit(int partition, long offset, long nominalAt);
  }

  static SyntheticAudit run(int partitions, int perPartition, Era era) {
    SyntheticAudit audit = new SyntheticAudit(partitions, perPartition);
    for (int p = 0; p < partitions; p++) {
      for (long o = 0; o < perPartition; o++) {
        AuditRecord r = era.audit(p, o, nominal(p, o));
        if (r != null) {
          audit.records.add(r);
        }
      }
    }
    return audit;
  }

  static long nominal(int partition, long offset) {
    return 10_000 + 10 * offset + partition;
  }

  /** Blue before {@code switchAt}, green after, with {@code gap} ms of silence in between. */
  static Era switchAt(long switchAt, long gap) {
    return (p, o, t) -> t < switchAt ? record(p, o, BLUE, t) : record(p, o, GREEN, t + gap);
  }

  /** Blue, then green from {@code switchAt}, then blue again from {@code rollbackAt}. */
  static Era switchAndRollback(long switchAt, long rollbackAt, long gap) {
    return (p, o, t) -> {
      if (t < switchAt) {
        return record(p, o, BLUE, t);
      }
      if (t < rollbackAt) {
        return record(p, o, GREEN, t + gap);
      }
      return record(p, o, BLUE, t + 2 * gap);
    };
  }

  static AuditRecord record(int partition, long offset, String hash, long processedAt) {
    return new AuditRecord(
        TOPIC, partition, offset, "k-" + offset, hash, "consumer-app-" + hash + "-0", processedAt);
  }

  SyntheticAudit add(AuditRecord extra) {
    records.add(extra);
    return this;
  }

  SyntheticAudit map(UnaryOperator<List<AuditRecord>> change) {
    List<AuditRecord> changed = change.apply(new ArrayList<>(records));
    records.clear();
    records.addAll(changed);
    return this;
  }

  List<AuditRecord> records() {
    return List.copyOf(records);
  }

  Map<TopicPartition, OffsetRange> window() {
    Map<TopicPartition, OffsetRange> window = new HashMap<>();
    for (int p = 0; p < partitions; p++) {
      window.put(new TopicPartition(TOPIC, p), new OffsetRange(0, perPartition));
    }
    return window;
  }

  ValidationResult analyze() {
    return AuditValidator.analyze(window(), records);
  }
}
