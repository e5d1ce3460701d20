package io.kafkabluegreen.tests.e2e.kubelet;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kafkabluegreen.tests.e2e.kubelet.PodEnvironment.ContainerConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Writes a pod's volumes into {@code <podDir>/volumes/<name>}, as the kubelet's volume plugins do:
 * {@code emptyDir} (kept across container restarts, world-writable), {@code secret}, {@code
 * configMap}, {@code downwardAPI} and {@code projected} (with ServiceAccount tokens, see {@link
 * ServiceAccountTokens}). Secret, ConfigMap and projected content is written again on every start,
 * so a restarted container sees the current Secret. With {@code fsGroup}, the files belong to that
 * group and it may read them, as on a node.
 */
final class PodVolumes {

  private static final int DEFAULT_MODE = 0644;

  private final KubernetesClient client;
  private final Pod pod;
  private final Path dir;
  private final String podIp;
  private final ServiceAccountTokens tokens;

  PodVolumes(KubernetesClient client, Pod pod, Path podDir, String podIp) {
    this.client = client;
    this.pod = pod;
    this.dir = podDir.resolve("volumes");
    this.podIp = podIp;
    this.tokens = new ServiceAccountTokens(client, pod);
  }

  /**
   * Writes every volume and returns {@code container}'s mounts of them.
   *
   * @throws ContainerConfigException when a mounted volume is missing or refers to a missing Secret
   *     or ConfigMap (the kubelet then reports {@code CreateContainerConfigError})
   */
  List<PodMount> prepare(Container container) {
    Map<String, Path> written = new LinkedHashMap<>();
    Map<String, Boolean> alwaysReadOnly = new LinkedHashMap<>();
    for (Volume volume : pod.getSpec().getVolumes()) {
      written.put(volume.getName(), write(volume));
      alwaysReadOnly.put(volume.getName(), volume.getEmptyDir() == null);
    }
    List<PodMount> mounts = new ArrayList<>();
    for (VolumeMount mount : container.getVolumeMounts()) {
      Path source = written.get(mount.getName());
      if (source == null) {
        throw new ContainerConfigException("volume \"" + mount.getName() + "\" not found");
      }
      if (mount.getSubPath() != null && !mount.getSubPath().isEmpty()) {
        source = source.resolve(mount.getSubPath());
      }
      boolean readOnly =
          Boolean.TRUE.equals(mount.getReadOnly()) || alwaysReadOnly.get(mount.getName());
      mounts.add(new PodMount(source, mount.getMountPath(), readOnly));
    }
    return mounts;
  }

  /** Re-requests ServiceAccount tokens that are due (see {@link ServiceAccountTokens}). */
  void refreshTokens() {
    tokens.refreshDue();
  }

  private Path write(Volume volume) {
    Path target = dir.resolve(volume.getName());
    try {
      if (volume.getEmptyDir() != null) {
        Files.createDirectories(target);
        VolumeFiles.permit(target, 0777);
      } else if (volume.getSecret() != null) {
        var source = volume.getSecret();
        int mode = Objects.requireNonNullElse(source.getDefaultMode(), DEFAULT_MODE);
        writeSecret(target, source.getSecretName(), source.getItems(), source.getOptional(), mode);
      } else if (volume.getConfigMap() != null) {
        var source = volume.getConfigMap();
        int mode = Objects.requireNonNullElse(source.getDefaultMode(), DEFAULT_MODE);
        writeConfigMap(target, source.getName(), source.getItems(), source.getOptional(), mode);
      } else if (volume.getDownwardAPI() != null) {
        var source = volume.getDownwardAPI();
        int mode = Objects.requireNonNullElse(source.getDefaultMode(), DEFAULT_MODE);
        writeDownward(target, source.getItems(), mode);
      } else if (volume.getProjected() != null) {
        int mode = Objects.requireNonNullElse(volume.getProjected().getDefaultMode(), DEFAULT_MODE);
        for (VolumeProjection projection : volume.getProjected().getSources()) {
          writeProjection(target, projection, mode);
        }
      } else {
        throw new ContainerConfigException(
            "volume \""
                + volume.getName()
                + "\": only emptyDir, secret, configMap, downwardAPI"
                + " and projected volumes are supported");
      }
      Files.createDirectories(target);
      Long fsGroup =
          pod.getSpec().getSecurityContext() == null
              ? null
              : pod.getSpec().getSecurityContext().getFsGroup();
      if (fsGroup != null) {
        giveToGroup(target, fsGroup.intValue(), volume.getEmptyDir() != null);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return target;
  }

  private void writeProjection(Path target, VolumeProjection projection, int mode) {
    if (projection.getServiceAccountToken() != null) {
      var token = projection.getServiceAccountToken();
      tokens.write(target.resolve(token.getPath()), token, mode);
    } else if (projection.getConfigMap() != null) {
      var source = projection.getConfigMap();
      writeConfigMap(target, source.getName(), source.getItems(), source.getOptional(), mode);
    } else if (projection.getSecret() != null) {
      var source = projection.getSecret();
      writeSecret(target, source.getName(), source.getItems(), source.getOptional(), mode);
    } else if (projection.getDownwardAPI() != null) {
      writeDownward(target, projection.getDownwardAPI().getItems(), mode);
    } else {
      throw new ContainerConfigException("unsupported volume projection " + projection);
    }
  }

  private void writeSecret(
      Path target, String name, List<KeyToPath> items, Boolean optional, int mode) {
    Secret secret = client.secrets().inNamespace(namespace()).withName(name).get();
    if (secret == null) {
      requireOptional(optional, "secret", name);
      return;
    }
    Map<String, byte[]> data = new LinkedHashMap<>();
    Objects.requireNonNullElse(secret.getData(), Map.<String, String>of())
        .forEach((k, v) -> data.put(k, Base64.getDecoder().decode(v)));
    Objects.requireNonNullElse(secret.getStringData(), Map.<String, String>of())
        .forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.UTF_8)));
    writeKeys(target, "secret " + name, data, items, mode);
  }

  private void writeConfigMap(
      Path target, String name, List<KeyToPath> items, Boolean optional, int mode) {
    ConfigMap map = client.configMaps().inNamespace(namespace()).withName(name).get();
    if (map == null) {
      requireOptional(optional, "configmap", name);
      return;
    }
    Map<String, byte[]> data = new LinkedHashMap<>();
    Objects.requireNonNullElse(map.getData(), Map.<String, String>of())
        .forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.UTF_8)));
    Objects.requireNonNullElse(map.getBinaryData(), Map.<String, String>of())
        .forEach((k, v) -> data.put(k, Base64.getDecoder().decode(v)));
    writeKeys(target, "configmap " + name, data, items, mode);
  }

  /** Every key as a file of its name, or only the listed {@code items} at their paths. */
  private static void writeKeys(
      Path target, String what, Map<String, byte[]> data, List<KeyToPath> items, int mode) {
    if (items == null || items.isEmpty()) {
      data.forEach((key, value) -> VolumeFiles.write(target.resolve(key), value, mode));
      return;
    }
    for (KeyToPath item : items) {
      byte[] value = data.get(item.getKey());
      if (value == null) {
        throw new ContainerConfigException(what + ": key \"" + item.getKey() + "\" not found");
      }
      int itemMode = Objects.requireNonNullElse(item.getMode(), mode);
      VolumeFiles.write(target.resolve(item.getPath()), value, itemMode);
    }
  }

  private void writeDownward(Path target, List<DownwardAPIVolumeFile> items, int mode) {
    for (DownwardAPIVolumeFile item : items) {
      if (item.getFieldRef() == null) {
        throw new ContainerConfigException(
            "downwardAPI " + item.getPath() + ": only fieldRef is supported");
      }
      String value = PodEnvironment.field(pod, podIp, item.getFieldRef().getFieldPath());
      int itemMode = Objects.requireNonNullElse(item.getMode(), mode);
      VolumeFiles.write(
          target.resolve(item.getPath()), value.getBytes(StandardCharsets.UTF_8), itemMode);
    }
  }

  private String namespace() {
    return pod.getMetadata().getNamespace();
  }

  /**
   * What the kubelet does for {@code fsGroup}: the group owns every file, and may read it (and
   * write, in a writable volume) whatever the file's mode, so a non-root container can read a
   * Secret written with mode 0400.
   */
  private static void giveToGroup(Path root, int gid, boolean writable) throws IOException {
    try (var paths = Files.walk(root)) {
      for (Path path : (Iterable<Path>) paths::iterator) {
        Files.setAttribute(path, "unix:gid", gid);
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        permissions.addAll(Files.getPosixFilePermissions(path));
        permissions.add(PosixFilePermission.GROUP_READ);
        if (writable) {
          permissions.add(PosixFilePermission.GROUP_WRITE);
        }
        if (Files.isDirectory(path)) {
          permissions.add(PosixFilePermission.GROUP_EXECUTE);
        }
        Files.setPosixFilePermissions(path, permissions);
      }
    }
  }

  private static void requireOptional(Boolean optional, String what, String name) {
    if (!Boolean.TRUE.equals(optional)) {
      throw new ContainerConfigException(what + " \"" + name + "\" not found");
    }
  }
}
