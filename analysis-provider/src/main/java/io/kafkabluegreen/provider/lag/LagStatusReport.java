package io.kafkabluegreen.provider.lag;

import java.time.Instant;
import java.util.List;

/**
 * The answer of {@code GET /v1/lag/status}: the sliding-window evaluation of a group.
 *
 * @param status the group's verdict: the most severe of its partitions' (OK with no partitions)
 * @param state group state at the newest sample
 * @param members members at the newest sample
 * @param totalLag total lag at the newest sample
 * @param maxLag largest partition lag at the newest sample
 * @param samples how many samples the evaluation used
 * @param coveredSeconds time between the oldest and the newest sample
 * @param windowSeconds the configured window
 * @param sampledAt when the newest sample was read
 * @param partitions one verdict per partition present in the newest sample
 */
public record LagStatusReport(
    String group,
    LagStatus status,
    String state,
    int members,
    long totalLag,
    long maxLag,
    int samples,
    double coveredSeconds,
    double windowSeconds,
    Instant sampledAt,
    List<PartitionStatus> partitions) {

  public LagStatusReport {
    partitions = List.copyOf(partitions);
  }
}
