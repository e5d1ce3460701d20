package io.kafkabluegreen.tests.e2e.kubelet;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A stand-in for cluster DNS: the {@code /etc/hosts} a container gets. This cluster has no DNS
 * server and no kube-proxy, so a Service's ClusterIP routes nowhere. Instead every Service name
 * ({@code <svc>.<ns>.svc.cluster.local}, {@code <svc>.<ns>.svc}, {@code <svc>.<ns>}, and {@code
 * <svc>} in the pod's own namespace) resolves to the IP of one Ready pod its selector matches, as
 * picked when the container starts: what a headless Service's DNS record would give, frozen at
 * start. {@code kubernetes.default} is the API server on 127.0.0.1. A Service with no Ready pod at
 * that moment has no entry, like a headless Service without endpoints.
 */
final class ClusterHosts {

  private static final String API_SERVER_IP = "127.0.0.1";

  private final KubernetesClient client;

  ClusterHosts(KubernetesClient client) {
    this.client = client;
  }

  /** Writes {@code pod}'s hosts file to {@code file} from the cluster's current state. */
  Path write(Path file, Pod pod, String podIp) {
    List<Service> services = client.services().inAnyNamespace().list().getItems();
    List<Pod> pods = client.pods().inAnyNamespace().list().getItems();
    String content = render(pod, podIp, services, pods);
    VolumeFiles.write(file, content.getBytes(StandardCharsets.UTF_8), 0644);
    return file;
  }

  static String render(Pod pod, String podIp, List<Service> services, List<Pod> pods) {
    String ownNamespace = pod.getMetadata().getNamespace();
    StringBuilder hosts = new StringBuilder();
    hosts.append("127.0.0.1\tlocalhost\n");
    hosts.append("::1\tlocalhost ip6-localhost ip6-loopback\n");
    hosts.append(podIp).append('\t').append(pod.getMetadata().getName()).append('\n');
    services.stream()
        .sorted(
            Comparator.comparing((Service s) -> s.getMetadata().getNamespace())
                .thenComparing(s -> s.getMetadata().getName()))
        .forEach(
            service ->
                endpoint(service, pods)
                    .ifPresent(
                        ip ->
                            hosts
                                .append(ip)
                                .append('\t')
                                .append(names(service, ownNamespace))
                                .append('\n')));
    return hosts.toString();
  }

  private static Optional<String> endpoint(Service service, List<Pod> pods) {
    String namespace = service.getMetadata().getNamespace();
    if (service.getMetadata().getName().equals("kubernetes") && namespace.equals("default")) {
      return Optional.of(API_SERVER_IP);
    }
    Map<String, String> selector = service.getSpec().getSelector();
    if (selector == null || selector.isEmpty()) {
      return Optional.empty();
    }
    return pods.stream()
        .filter(p -> p.getMetadata().getNamespace().equals(namespace))
        .filter(p -> matches(selector, p.getMetadata().getLabels()))
        .filter(ClusterHosts::ready)
        .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
        .map(p -> p.getStatus().getPodIP())
        .filter(Objects::nonNull)
        .findFirst();
  }

  private static String names(Service service, String ownNamespace) {
    String name = service.getMetadata().getName();
    String namespace = service.getMetadata().getNamespace();
    String qualified = name + "." + namespace;
    String names = qualified + ".svc.cluster.local " + qualified + ".svc " + qualified;
    return namespace.equals(ownNamespace) ? names + " " + name : names;
  }

  private static boolean matches(Map<String, String> selector, Map<String, String> labels) {
    return labels != null && labels.entrySet().containsAll(selector.entrySet());
  }

  private static boolean ready(Pod pod) {
    return pod.getStatus() != null
        && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
