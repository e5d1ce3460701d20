package io.kafkabluegreen.lifecycle;

/**
 * How a pod that may not consume relates to the consumer group ({@code LIFECYCLE_MEMBERSHIP}). See
 * DESIGN.md, "Standby membership".
 */
public enum Membership {
  /** {@link #STANDBY} where it applies (shared group, classic protocol), else {@link #LEAVE}. */
  AUTO,
  /**
   * Stays a group member holding no partition; the library's assignor gives partitions only to the
   * color the Lease allows, so the group never becomes empty at a switch. Classic protocol and
   * shared group only.
   */
  STANDBY,
  /** Leaves the group when it may not consume and joins again when it may. */
  LEAVE;

  /**
   * The mode for a consumer; throws when {@link #STANDBY} was asked for where it cannot work.
   *
   * @param consumerProtocol {@code group.protocol=consumer} (KIP-848: the broker assigns)
   */
  public Membership resolve(GroupMode groupMode, boolean consumerProtocol) {
    boolean possible = groupMode == GroupMode.SHARED && !consumerProtocol;
    if (this == STANDBY && !possible) {
      throw new IllegalArgumentException(
          "LIFECYCLE_MEMBERSHIP=standby needs LIFECYCLE_GROUP_MODE=shared and group.protocol=classic: "
              + (consumerProtocol
                  ? "with group.protocol=consumer the broker assigns the partitions (KIP-848), so a"
                      + " standby member would be given some"
                  : "a per-revision group is empty whenever its revision is not active anyway"));
    }
    return this == AUTO ? (possible ? STANDBY : LEAVE) : this;
  }
}
