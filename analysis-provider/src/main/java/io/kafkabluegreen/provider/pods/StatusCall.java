package io.kafkabluegreen.provider.pods;

import java.util.Optional;

/**
 * The outcome of one {@code GET /lifecycle/status}.
 *
 * @param pod the pod called
 * @param httpStatus 0 when unreachable
 * @param status the parsed body when the pod answered 200 with a readable body
 * @param error what went wrong otherwise
 */
public record StatusCall(
    RevisionPod pod, int httpStatus, Optional<LifecycleStatus> status, Optional<String> error) {

  public boolean reachable() {
    return status.isPresent();
  }
}
