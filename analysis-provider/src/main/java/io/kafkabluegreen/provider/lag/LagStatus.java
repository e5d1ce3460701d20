package io.kafkabluegreen.provider.lag;

/**
 * The verdict of the sliding-window evaluation for a partition or a group, from least to most
 * severe (a group takes the most severe verdict of its partitions).
 */
public enum LagStatus {
  /** Lag at or below the threshold, or going down. */
  OK,
  /** Lag above the threshold and not shown to decrease over the window. */
  WARN,
  /** The committed offset went backwards: records will be processed again. */
  REWIND,
  /** Members are present but the committed offset has not moved over the window while lag > 0. */
  STALL,
  /** No member and no commit over the whole window while lag > 0: nobody is consuming. */
  STOP
}
