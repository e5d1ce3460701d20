package io.kafkabluegreen.provider.lag;

/** Kafka did not answer within the provider's bound ({@code PROVIDER_KAFKA_TIMEOUT_MS}). */
public final class KafkaUnavailableException extends RuntimeException {

  public KafkaUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
