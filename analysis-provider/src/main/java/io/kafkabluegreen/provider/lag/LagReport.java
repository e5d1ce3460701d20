package io.kafkabluegreen.provider.lag;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * The answer of {@code GET /v1/lag} (with {@code detail=partitions}, the default): the lag of one
 * consumer group, per partition and in total.
 *
 * @param state the group state as Kafka reports it (e.g. {@code STABLE}, {@code EMPTY})
 * @param members number of group members at the time of the read
 * @param totalLag sum of the partitions' lag
 * @param maxLag the largest partition lag
 * @param timeLagSeconds the oldest unconsumed record's age over all partitions; only in answers to
 *     {@code timeLag=true}, where it is always present: null when a lagging partition could not be
 *     read in time
 * @param timeLagReason why {@code timeLagSeconds} is null; only then
 * @param partitions one entry per partition, sorted by topic and partition
 * @param orphanedOffsets committed offsets on topics that no longer exist (no lag counted)
 * @param readAt when the offsets were read
 */
public record LagReport(
    String group,
    String state,
    int members,
    String isolation,
    String uncommitted,
    long totalLag,
    long maxLag,
    @JsonInclude(JsonInclude.Include.NON_NULL) Double timeLagSeconds,
    @JsonInclude(JsonInclude.Include.NON_NULL) String timeLagReason,
    List<PartitionLag> partitions,
    List<OrphanedOffset> orphanedOffsets,
    Instant readAt) {

  public LagReport {
    partitions = List.copyOf(partitions);
    orphanedOffsets = List.copyOf(orphanedOffsets);
  }

  /** A report without a time-lag reason. */
  public LagReport(
      String group,
      String state,
      int members,
      String isolation,
      String uncommitted,
      long totalLag,
      long maxLag,
      Double timeLagSeconds,
      List<PartitionLag> partitions,
      List<OrphanedOffset> orphanedOffsets,
      Instant readAt) {
    this(
        group,
        state,
        members,
        isolation,
        uncommitted,
        totalLag,
        maxLag,
        timeLagSeconds,
        null,
        partitions,
        orphanedOffsets,
        readAt);
  }

  LagReport withTimeLag(List<PartitionLag> timed, Double maxSeconds, String reason) {
    return new LagReport(
        group,
        state,
        members,
        isolation,
        uncommitted,
        totalLag,
        maxLag,
        maxSeconds,
        reason,
        timed,
        orphanedOffsets,
        readAt);
  }
}
