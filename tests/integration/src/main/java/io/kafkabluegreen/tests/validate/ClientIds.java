package io.kafkabluegreen.tests.validate;

import java.util.Optional;

/**
 * consumer-app's Kafka {@code client.id} is {@code consumer-app-<hash>-<pod>}: the hash is its
 * color.
 */
public final class ClientIds {

  private static final String PREFIX = "consumer-app-";

  private ClientIds() {}

  /** The pod-template hash named by {@code clientId}, if it follows the convention. */
  public static Optional<String> hashOf(String clientId) {
    if (clientId == null || !clientId.startsWith(PREFIX)) {
      return Optional.empty();
    }
    String rest = clientId.substring(PREFIX.length());
    int dash = rest.indexOf('-');
    String hash = dash < 0 ? rest : rest.substring(0, dash);
    return hash.isEmpty() ? Optional.empty() : Optional.of(hash);
  }
}
