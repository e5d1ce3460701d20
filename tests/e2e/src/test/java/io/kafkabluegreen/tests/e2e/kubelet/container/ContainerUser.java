package io.kafkabluegreen.tests.e2e.kubelet.container;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The uid, gid and supplementary groups a container runs with, as Kubernetes decides them: {@code
 * runAsUser}/{@code runAsGroup} of the container, else of the pod, else the image's {@code User}
 * (names looked up in the image's {@code /etc/passwd} and {@code /etc/group}); {@code fsGroup} and
 * {@code supplementalGroups} are added as supplementary groups.
 */
public record ContainerUser(long uid, long gid, List<Long> additionalGids) {

  /** Resolves the user of {@code container} in {@code pod}, run from {@code rootfs}. */
  public static ContainerUser of(Pod pod, Container container, ImageConfig image, Path rootfs) {
    PodSecurityContext podContext =
        Optional.ofNullable(pod.getSpec().getSecurityContext()).orElseGet(PodSecurityContext::new);
    SecurityContext own =
        Optional.ofNullable(container.getSecurityContext()).orElseGet(SecurityContext::new);
    String[] imageUser = image.user().isEmpty() ? new String[] {"0"} : image.user().split(":", 2);
    Long uid = first(own.getRunAsUser(), podContext.getRunAsUser());
    long resolvedUid = uid != null ? uid : id(imageUser[0], rootfs.resolve("etc/passwd"));
    Long gid = first(own.getRunAsGroup(), podContext.getRunAsGroup());
    long resolvedGid;
    if (gid != null) {
      resolvedGid = gid;
    } else if (uid == null && imageUser.length == 2) {
      resolvedGid = id(imageUser[1], rootfs.resolve("etc/group"));
    } else {
      resolvedGid = primaryGroup(resolvedUid, rootfs.resolve("etc/passwd"));
    }
    List<Long> groups = new ArrayList<>();
    if (podContext.getFsGroup() != null) {
      groups.add(podContext.getFsGroup());
    }
    groups.addAll(podContext.getSupplementalGroups());
    return new ContainerUser(resolvedUid, resolvedGid, List.copyOf(groups));
  }

  private static Long first(Long container, Long pod) {
    return container != null ? container : pod;
  }

  /**
   * A numeric id as is, a name from {@code file} (passwd or group: name is field 0, id field 2).
   */
  private static long id(String nameOrId, Path file) {
    if (nameOrId.chars().allMatch(Character::isDigit)) {
      return Long.parseLong(nameOrId);
    }
    return lines(file).stream()
        .map(line -> line.split(":"))
        .filter(fields -> fields.length > 2 && fields[0].equals(nameOrId))
        .map(fields -> Long.parseLong(fields[2]))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(nameOrId + " is not in " + file));
  }

  /** The uid's group in the image's passwd; group 0 when it has no entry, as containerd does. */
  private static long primaryGroup(long uid, Path passwd) {
    return lines(passwd).stream()
        .map(line -> line.split(":"))
        .filter(fields -> fields.length > 3 && fields[2].equals(Long.toString(uid)))
        .map(fields -> Long.parseLong(fields[3]))
        .findFirst()
        .orElse(0L);
  }

  private static List<String> lines(Path file) {
    try {
      return Files.exists(file) ? Files.readAllLines(file) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
