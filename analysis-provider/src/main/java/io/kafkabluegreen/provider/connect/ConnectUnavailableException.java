package io.kafkabluegreen.provider.connect;

/**
 * Connect could not be reached or did not answer within the request bound (connection refused,
 * connect or request timeout, I/O error). The message names the operation, the connector and the
 * worker.
 */
public final class ConnectUnavailableException extends RuntimeException {

  public ConnectUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
