package io.kafkabluegreen.provider.connect;

import java.net.URI;

/**
 * One operation of {@link ConnectClient} on one connector of one worker: what its failures say.
 *
 * @param verb what the caller asked, as it reads before "connector X" ("stop", "read the offsets
 *     of")
 * @param connector the connector's name, or {@code null} for a call about the worker itself
 */
record ConnectCall(String verb, String connector, URI worker) {

  /** "stop connector orders-green on http://10.0.0.7:8083". */
  String what() {
    return connector == null
        ? verb + " Connect at " + worker
        : verb + " connector " + connector + " on " + worker;
  }

  ConnectUnavailableException unavailable(String why, Throwable cause) {
    return new ConnectUnavailableException("could not " + what() + ": " + why, cause);
  }

  ConnectRequestException rejected(ConnectAnswer answer) {
    String quoted = "HTTP " + answer.status() + ": " + answer.message();
    if (answer.status() == 404 && connector != null) {
      return new ConnectRequestException(
          "could not "
              + verb
              + " connector "
              + connector
              + ": connector "
              + connector
              + " not found on "
              + worker
              + " ("
              + quoted
              + ")",
          404,
          answer.message());
    }
    if (answer.attempts() > 1) {
      quoted =
          "HTTP "
              + answer.status()
              + " on each of "
              + answer.attempts()
              + " attempts while the workers rebalance: "
              + answer.message();
    }
    return new ConnectRequestException(
        "could not " + what() + ": " + quoted, answer.status(), answer.message());
  }

  ConnectRequestException unreadable(ConnectAnswer answer, Exception problem) {
    return new ConnectRequestException(
        "could not "
            + what()
            + ": HTTP "
            + answer.status()
            + " with a body that is not Connect's: "
            + problem.getMessage(),
        answer.status(),
        answer.message());
  }
}
