package io.kafkabluegreen.provider.handover;

/** A different handover of the same Rollout is under way (here or in another provider replica). */
public final class HandoverConflictException extends RuntimeException {

  public HandoverConflictException(String message) {
    super(message);
  }
}
