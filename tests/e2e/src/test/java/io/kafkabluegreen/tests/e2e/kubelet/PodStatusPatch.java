package io.kafkabluegreen.tests.e2e.kubelet;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code status} a kubelet reports for a one-container pod, as a JSON merge patch body for the
 * {@code pods/status} subresource. The ReplicaSet controller counts a pod as ready and available
 * from the {@code Ready} condition and its {@code lastTransitionTime}; Argo Rollouts reads the
 * ReplicaSet's counts. Lists are replaced whole by a merge patch, which is right here: this kubelet
 * is the only writer of a pod's status.
 */
final class PodStatusPatch {

  private PodStatusPatch() {}

  /** What the container is doing: exactly one of running, waiting or terminated. */
  record ContainerState(
      String kind,
      Instant startedAt,
      Instant finishedAt,
      String reason,
      String message,
      int exitCode) {

    static ContainerState running(Instant startedAt) {
      return new ContainerState("running", startedAt, null, null, null, 0);
    }

    static ContainerState waiting(String reason, String message) {
      return new ContainerState("waiting", null, null, reason, message, 0);
    }

    static ContainerState terminated(Instant startedAt, Instant finishedAt, int exitCode) {
      String reason = exitCode == 0 ? "Completed" : "Error";
      return new ContainerState("terminated", startedAt, finishedAt, reason, null, exitCode);
    }

    Map<String, Object> toJson() {
      Map<String, Object> body = new LinkedHashMap<>();
      switch (kind) {
        case "running" -> body.put("startedAt", time(startedAt));
        case "waiting" -> {
          body.put("reason", reason);
          body.put("message", message);
        }
        default -> {
          body.put("exitCode", exitCode);
          body.put("reason", reason);
          body.put("startedAt", time(startedAt));
          body.put("finishedAt", time(finishedAt));
        }
      }
      return Map.of(kind, body);
    }
  }

  /** A snapshot of everything the kubelet knows about one pod. */
  record Snapshot(
      String phase,
      String podIp,
      Instant startTime,
      String containerName,
      String image,
      boolean ready,
      Instant readySince,
      int restartCount,
      ContainerState state,
      ContainerState lastState) {}

  static Map<String, Object> build(Snapshot s) {
    Map<String, Object> container = new LinkedHashMap<>();
    container.put("name", s.containerName());
    container.put("image", s.image());
    container.put("imageID", "process-kubelet://" + PodRuntime.imageKey(s.image()));
    container.put("ready", s.ready());
    container.put("started", "running".equals(s.state().kind()));
    container.put("restartCount", s.restartCount());
    container.put("state", s.state().toJson());
    container.put("lastState", s.lastState() == null ? Map.of() : s.lastState().toJson());

    String ready = s.ready() ? "True" : "False";
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("phase", s.phase());
    status.put("hostIP", ProcessKubelet.HOST_IP);
    status.put("hostIPs", List.of(Map.of("ip", ProcessKubelet.HOST_IP)));
    status.put("podIP", s.podIp());
    status.put("podIPs", List.of(Map.of("ip", s.podIp())));
    status.put("startTime", time(s.startTime()));
    status.put(
        "conditions",
        List.of(
            condition("Initialized", "True", s.startTime()),
            condition("ContainersReady", ready, s.readySince()),
            condition("Ready", ready, s.readySince())));
    status.put("containerStatuses", List.of(container));
    return Map.of("status", status);
  }

  private static Map<String, Object> condition(String type, String status, Instant since) {
    return Map.of("type", type, "status", status, "lastTransitionTime", time(since));
  }

  /** Kubernetes timestamps are RFC 3339 in whole seconds. */
  static String time(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
