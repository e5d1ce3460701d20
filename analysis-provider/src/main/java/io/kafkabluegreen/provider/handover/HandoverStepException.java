package io.kafkabluegreen.provider.handover;

/**
 * A strategy could not do its part of a step (a Connect worker answered an error, say); the message
 * is the reason the result reports, so it names what failed and where.
 */
public final class HandoverStepException extends RuntimeException {
  public HandoverStepException(String message) {
    super(message);
  }

  public HandoverStepException(String message, Throwable cause) {
    super(message, cause);
  }
}
