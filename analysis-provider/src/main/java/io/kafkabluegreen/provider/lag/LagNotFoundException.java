package io.kafkabluegreen.provider.lag;

/** The group (or a topic asked for) does not exist in the cluster. */
public final class LagNotFoundException extends RuntimeException {

  public LagNotFoundException(String message) {
    super(message);
  }
}
