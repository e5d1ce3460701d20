package io.kafkabluegreen.lifecycle;

/**
 * Where a consumer stands in its blue/green lifecycle. Only {@link #ACTIVE} and {@link #DRAINING}
 * pods are consumer-group members.
 */
public enum LifecycleState {
  /** Connecting to Kafka and learning the Lease; not a member. */
  STARTING,
  /** Subscribed and handing records to the handler. */
  ACTIVE,
  /** Finishing the record in flight, committing what was processed, leaving the group. */
  DRAINING,
  /** Connected and healthy but not subscribed: ready to take over. */
  STANDBY,
  /** Shutting down: drains first if it was active. */
  STOPPING,
  /** Closed. */
  STOPPED,
  /** Closed after an unrecoverable error. */
  FAILED;

  /** True for the states in which this pod is (or may still be) a consumer-group member. */
  public boolean isMember() {
    return this == ACTIVE || this == DRAINING;
  }
}
