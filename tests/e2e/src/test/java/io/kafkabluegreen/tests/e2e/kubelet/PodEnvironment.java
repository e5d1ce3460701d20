package io.kafkabluegreen.tests.e2e.kubelet;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves a container's environment the way the kubelet does: {@code envFrom} first, then {@code
 * env} in order, with {@code $(VAR)} references to earlier variables expanded, downward-API fields
 * read from the Pod, and Secret/ConfigMap keys read from the API server.
 */
public final class PodEnvironment {

  private static final Pattern LABEL_PATH =
      Pattern.compile("metadata\\.(labels|annotations)\\['(.+)'\\]");
  private static final Pattern REFERENCE = Pattern.compile("\\$\\$|\\$\\(([A-Za-z_][\\w.-]*)\\)");

  private final BiFunction<String, String, Secret> secrets;
  private final BiFunction<String, String, ConfigMap> configMaps;

  /**
   * @param secrets (namespace, name) → Secret or null when absent
   * @param configMaps (namespace, name) → ConfigMap or null when absent
   */
  public PodEnvironment(
      BiFunction<String, String, Secret> secrets,
      BiFunction<String, String, ConfigMap> configMaps) {
    this.secrets = secrets;
    this.configMaps = configMaps;
  }

  /**
   * The container's environment for a pod that has {@code podIp}.
   *
   * @throws ContainerConfigException when a referenced Secret, ConfigMap or key is missing (the
   *     kubelet's {@code CreateContainerConfigError}) or a field is not supported
   */
  public Map<String, String> resolve(Pod pod, Container container, String podIp) {
    String namespace = pod.getMetadata().getNamespace();
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvFromSource from : container.getEnvFrom()) {
      String prefix = Objects.requireNonNullElse(from.getPrefix(), "");
      if (from.getSecretRef() != null) {
        Secret secret = secrets.apply(namespace, from.getSecretRef().getName());
        if (secret == null) {
          requireOptional(
              from.getSecretRef().getOptional(), "secret", from.getSecretRef().getName());
        } else if (secret.getData() != null) {
          secret.getData().forEach((k, v) -> env.put(prefix + k, decode(v)));
        }
      }
      if (from.getConfigMapRef() != null) {
        ConfigMap map = configMaps.apply(namespace, from.getConfigMapRef().getName());
        if (map == null) {
          requireOptional(
              from.getConfigMapRef().getOptional(), "configmap", from.getConfigMapRef().getName());
        } else if (map.getData() != null) {
          map.getData().forEach((k, v) -> env.put(prefix + k, v));
        }
      }
    }
    for (EnvVar var : container.getEnv()) {
      String value =
          var.getValueFrom() != null
              ? valueFrom(pod, namespace, podIp, var.getName(), var.getValueFrom())
              : expand(Objects.requireNonNullElse(var.getValue(), ""), env);
      if (value != null) {
        env.put(var.getName(), value);
      }
    }
    return env;
  }

  private String valueFrom(
      Pod pod, String namespace, String podIp, String name, EnvVarSource source) {
    if (source.getFieldRef() != null) {
      return field(pod, podIp, source.getFieldRef().getFieldPath());
    }
    if (source.getSecretKeyRef() != null) {
      var ref = source.getSecretKeyRef();
      Secret secret = secrets.apply(namespace, ref.getName());
      String raw =
          secret == null || secret.getData() == null ? null : secret.getData().get(ref.getKey());
      if (raw == null) {
        requireOptional(ref.getOptional(), "secret key", ref.getName() + "/" + ref.getKey());
        return null;
      }
      return decode(raw);
    }
    if (source.getConfigMapKeyRef() != null) {
      var ref = source.getConfigMapKeyRef();
      ConfigMap map = configMaps.apply(namespace, ref.getName());
      String value = map == null || map.getData() == null ? null : map.getData().get(ref.getKey());
      if (value == null) {
        requireOptional(ref.getOptional(), "configmap key", ref.getName() + "/" + ref.getKey());
      }
      return value;
    }
    throw new ContainerConfigException("env " + name + ": unsupported valueFrom " + source);
  }

  static String field(Pod pod, String podIp, String path) {
    var meta = pod.getMetadata();
    switch (path) {
      case "metadata.name":
        return meta.getName();
      case "metadata.namespace":
        return meta.getNamespace();
      case "metadata.uid":
        return meta.getUid();
      case "spec.nodeName":
        return Objects.requireNonNullElse(pod.getSpec().getNodeName(), "");
      case "spec.serviceAccountName":
        return Objects.requireNonNullElse(pod.getSpec().getServiceAccountName(), "default");
      case "status.podIP":
      case "status.podIPs":
        return podIp;
      case "status.hostIP":
      case "status.hostIPs":
        return ProcessKubelet.HOST_IP;
      default:
        Matcher m = LABEL_PATH.matcher(path);
        if (m.matches()) {
          Map<String, String> values =
              m.group(1).equals("labels") ? meta.getLabels() : meta.getAnnotations();
          return values == null ? "" : Objects.requireNonNullElse(values.get(m.group(2)), "");
        }
        throw new ContainerConfigException("unsupported fieldRef " + path);
    }
  }

  /**
   * {@code $(NAME)} → the value of an earlier variable (left as is when undefined); {@code $$} → $.
   */
  public static String expand(String value, Map<String, String> earlier) {
    Matcher m = REFERENCE.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String replacement;
      if (m.group(1) == null) {
        replacement = "$";
      } else {
        replacement = earlier.getOrDefault(m.group(1), m.group());
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static void requireOptional(Boolean optional, String what, String name) {
    if (!Boolean.TRUE.equals(optional)) {
      throw new ContainerConfigException(what + " \"" + name + "\" not found");
    }
  }

  private static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }

  /** A container cannot be configured; the kubelet reports it and retries later. */
  public static final class ContainerConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ContainerConfigException(String message) {
      super(message);
    }
  }
}
