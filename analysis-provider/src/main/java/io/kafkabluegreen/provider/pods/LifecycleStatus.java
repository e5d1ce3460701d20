package io.kafkabluegreen.provider.pods;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * The part of a pod's {@code GET /lifecycle/status} (lifecycle-webhook/README.md) the provider
 * reads. Unknown fields are ignored so that the library can grow its answer.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LifecycleStatus(
    String state,
    String hash,
    String pod,
    String group,
    List<String> assignedPartitions,
    long processed,
    long failed,
    boolean kafkaConnected,
    boolean ready) {

  public LifecycleStatus {
    state = state == null ? "" : state;
    assignedPartitions = assignedPartitions == null ? List.of() : List.copyOf(assignedPartitions);
  }
}
