package io.kafkabluegreen.provider.connect;

/**
 * What a Connect worker answered to a {@link ConnectCall}, after any rebalance retries.
 *
 * @param message Connect's {@code "message"} from an error body, else the body itself
 * @param attempts how many requests it took (more than one only after rebalance answers)
 */
record ConnectAnswer(int status, String body, String message, int attempts) {

  boolean ok() {
    return status / 100 == 2;
  }
}
