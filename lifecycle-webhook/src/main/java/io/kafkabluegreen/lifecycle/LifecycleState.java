package io.kafkabluegreen.lifecycle;

/**
 * Where a consumer stands in its blue/green lifecycle. Only {@link #ACTIVE} and {@link #DRAINING}
 * pods hold partitions they process; with standby membership a {@link #STANDBY} pod is a group
 * member too, holding nothing (DESIGN.md, "Membership").
 */
public enum LifecycleState {
  /** Connecting to Kafka and learning the Lease; not a member. */
  STARTING,
  /** Subscribed and handing records to the handler. */
  ACTIVE,
  /** Finishing the record in flight, committing what was processed, leaving the group. */
  DRAINING,
  /**
   * Connected and healthy, not consuming (leave: not subscribed; standby: a member holding
   * nothing).
   */
  STANDBY,
  /** Shutting down: drains first if it was active. */
  STOPPING,
  /** Closed. */
  STOPPED,
  /** Closed after an unrecoverable error. */
  FAILED;

  /** True for the states in which this pod holds (or may still hold) partitions it processes. */
  public boolean isMember() {
    return this == ACTIVE || this == DRAINING;
  }
}
