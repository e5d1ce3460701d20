package io.kafkabluegreen.provider.pods;

import java.util.Optional;

/**
 * The outcome of one pause or resume call to a pod.
 *
 * @param pod the pod called
 * @param httpStatus the pod's HTTP status, 0 when it could not be reached
 * @param state the lifecycle state the pod reported, empty if none
 * @param error what went wrong, empty when the pod confirmed
 * @param millis how long the call took
 */
public record PodCall(
    RevisionPod pod, int httpStatus, Optional<String> state, Optional<String> error, long millis) {

  public boolean confirmed() {
    return error.isEmpty();
  }

  public boolean reachable() {
    return httpStatus != 0;
  }
}
