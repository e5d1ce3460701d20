package io.kafkabluegreen.lifecycle.lease;

import java.util.Optional;

/** The {@code kafka-bluegreen.io/phase} annotation of the active-color Lease. */
public enum LeasePhase {
  /** The holder's pods may be group members. */
  ACTIVE("Active"),
  /** A switch is under way: nobody may be a member until the holder changes back to Active. */
  DRAINING("Draining");

  private final String wire;

  LeasePhase(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public static Optional<LeasePhase> parse(String value) {
    for (LeasePhase phase : values()) {
      if (phase.wire.equals(value)) {
        return Optional.of(phase);
      }
    }
    return Optional.empty();
  }
}
