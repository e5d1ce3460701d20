package io.kafkabluegreen.provider.connect;

/**
 * Connect answered an error. The message names the operation, the connector and the worker, and
 * quotes Connect's own {@code message}; it ends up in handover results users read.
 */
public final class ConnectRequestException extends RuntimeException {

  private final int status;
  private final String connectMessage;

  public ConnectRequestException(String message, int status, String connectMessage) {
    super(message);
    this.status = status;
    this.connectMessage = connectMessage;
  }

  /** The HTTP status Connect answered with. */
  public int status() {
    return status;
  }

  /** Connect's {@code {"error_code","message"}} text, or the raw body if it had no such field. */
  public String connectMessage() {
    return connectMessage;
  }
}
