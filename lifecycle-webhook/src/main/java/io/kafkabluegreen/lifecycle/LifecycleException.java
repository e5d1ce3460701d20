package io.kafkabluegreen.lifecycle;

/** A lifecycle request that could not be carried out; {@link #reason()} says why. */
public final class LifecycleException extends RuntimeException {

  /** Why a request failed. */
  public enum Reason {
    /** The Lease does not allow this pod's revision to consume. */
    NOT_HOLDER,
    /** The request did not complete within its timeout (it may still complete later). */
    TIMEOUT,
    /** A dependency (Kafka, Kubernetes) cannot be reached yet. */
    UNAVAILABLE,
    /** The consumer is stopping, stopped or failed. */
    STOPPED
  }

  private final Reason reason;

  public LifecycleException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
