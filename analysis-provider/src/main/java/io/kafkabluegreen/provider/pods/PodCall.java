package io.kafkabluegreen.provider.pods;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * The outcome of one pause or resume call to a pod.
 *
 * @param pod the pod called
 * @param httpStatus the pod's HTTP status, 0 when it could not be reached
 * @param state the lifecycle state the pod reported, empty if none
 * @param error what went wrong, empty when the pod confirmed
 * @param millis how long the call took
 * @param partitions how many partitions the pod said it still holds ({@code assignedPartitions} of
 *     a pause answer), empty when it did not say
 */
public record PodCall(
    RevisionPod pod,
    int httpStatus,
    Optional<String> state,
    Optional<String> error,
    long millis,
    OptionalInt partitions) {

  /**
   * A pause the pod confirmed by saying it is STANDBY and holds nothing: as a standby member it
   * gave every partition back (committing first), so Kafka need not be asked about it.
   */
  public boolean released() {
    return confirmed()
        && state.map("STANDBY"::equals).orElse(false)
        && partitions.isPresent()
        && partitions.getAsInt() == 0;
  }

  public boolean confirmed() {
    return error.isEmpty();
  }

  public boolean reachable() {
    return httpStatus != 0;
  }
}
