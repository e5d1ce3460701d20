package io.kafkabluegreen.provider.handover;

/** Kafka did not answer an admin call in time, or answered with an error we cannot act on. */
public final class KafkaUnavailableException extends RuntimeException {

  public KafkaUnavailableException(String what, Throwable cause) {
    super("Kafka failed while " + what + ": " + cause, cause);
  }
}
