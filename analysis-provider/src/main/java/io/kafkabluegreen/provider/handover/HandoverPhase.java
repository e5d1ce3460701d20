package io.kafkabluegreen.provider.handover;

import com.fasterxml.jackson.annotation.JsonValue;

/** The outcome a handover result reports; Argo's success condition reads it. */
public enum HandoverPhase {
  /** The target hash holds the Lease and its pods own every partition. */
  ACTIVE("Active"),
  /** The handover did not reach its goal; {@code reason} says why. */
  FAILED("Failed"),
  /** Still running when the answer had to be sent; repeat the request to join it. */
  IN_PROGRESS("InProgress");

  private final String wire;

  HandoverPhase(String wire) {
    this.wire = wire;
  }

  @JsonValue
  public String wire() {
    return wire;
  }
}
