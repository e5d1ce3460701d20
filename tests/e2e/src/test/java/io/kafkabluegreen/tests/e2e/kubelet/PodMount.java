package io.kafkabluegreen.tests.e2e.kubelet;

import java.nio.file.Path;

/**
 * One of a container's {@code volumeMounts}, resolved to the directory (or, with {@code subPath},
 * the file) on this machine that holds the volume's content.
 *
 * @param source the host path, under the pod's directory
 * @param destination the {@code mountPath} inside the container
 * @param readOnly whether the container may write (Secrets, ConfigMaps and projected volumes are
 *     always read-only, as in Kubernetes)
 */
public record PodMount(Path source, String destination, boolean readOnly) {}
