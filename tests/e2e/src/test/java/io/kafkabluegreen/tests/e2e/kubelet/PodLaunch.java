package io.kafkabluegreen.tests.e2e.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Everything a {@link PodRuntime} needs to start one pod's container once: the kubelet has already
 * resolved the environment and written the volumes.
 *
 * @param pod the Pod as admitted (ServiceAccount volume and mount included)
 * @param container its only container
 * @param podIp the pod's own loopback address
 * @param containerId unique for this start (a restart gets a new one)
 * @param env the container's environment: the Pod's {@code env}/{@code envFrom} resolved, the
 *     runtime's bind variables and the API server's {@code KUBERNETES_SERVICE_HOST/PORT}
 * @param mounts the container's volume mounts, in spec order
 * @param runtimeDir a directory this start may use for its own files (bundles, state)
 * @param hosts writes the pod's {@code /etc/hosts} on demand and returns its path
 */
public record PodLaunch(
    Pod pod,
    Container container,
    String podIp,
    String containerId,
    Map<String, String> env,
    List<PodMount> mounts,
    Path runtimeDir,
    Supplier<Path> hosts) {

  /** Where the container's {@code path} is on this machine, if a volume is mounted there. */
  public Optional<PodMount> mountAt(String path) {
    return mounts.stream().filter(m -> m.destination().equals(path)).findFirst();
  }
}
