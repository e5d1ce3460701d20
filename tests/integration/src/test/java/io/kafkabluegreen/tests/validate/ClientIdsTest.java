package io.kafkabluegreen.tests.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClientIdsTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      value = {
        "consumer-app-6d5f7c9b8-consumer-app-6d5f7c9b8-abcde, 6d5f7c9b8",
        "consumer-app-6d5f7c9b8-pod0, 6d5f7c9b8",
        "consumer-app-6d5f7c9b8, 6d5f7c9b8",
        "consumer-app-, NONE",
        "load-producer, NONE",
        "NULL, NONE"
      },
      nullValues = "NULL")
  void extractsHashFromClientId(String clientId, String expected) {
    Optional<String> hash = ClientIds.hashOf(clientId);

    assertThat(hash).isEqualTo(expected.equals("NONE") ? Optional.empty() : Optional.of(expected));
  }
}
