package io.kafkabluegreen.tests.e2e.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterHostsTest {

  private static final Pod SELF = pod("ns", "me", Map.of("app", "me"), "127.9.0.1", false);

  @Test
  void when_aServiceHasReadyPods_then_itsNamesResolveToTheFirstReadyOne() {
    List<Pod> pods =
        List.of(
            pod("ns", "kafka-1", Map.of("app", "kafka"), "127.9.0.3", true),
            pod("ns", "kafka-0", Map.of("app", "kafka"), "127.9.0.2", false),
            pod("ns", "kafka-2", Map.of("app", "kafka"), "127.9.0.4", true));

    String hosts =
        ClusterHosts.render(SELF, "127.9.0.1", List.of(service("ns", "kafka", "kafka")), pods);

    assertThat(hosts)
        .contains("127.9.0.1\tme\n")
        .contains("127.9.0.3\tkafka.ns.svc.cluster.local kafka.ns.svc kafka.ns kafka\n")
        .doesNotContain("127.9.0.2")
        .doesNotContain("127.9.0.4");
  }

  @Test
  void when_theServiceIsInAnotherNamespace_then_onlyItsQualifiedNamesResolve() {
    List<Pod> pods = List.of(pod("other", "db-0", Map.of("app", "db"), "127.9.0.5", true));

    String hosts =
        ClusterHosts.render(SELF, "127.9.0.1", List.of(service("other", "db", "db")), pods);

    assertThat(hosts).contains("127.9.0.5\tdb.other.svc.cluster.local db.other.svc db.other\n");
  }

  @Test
  void when_noPodIsReady_orTheServiceHasNoSelector_then_thereIsNoEntry() {
    Service headlessWithoutSelector =
        new ServiceBuilder()
            .withNewMetadata()
            .withNamespace("ns")
            .withName("ext")
            .endMetadata()
            .withNewSpec()
            .endSpec()
            .build();
    List<Pod> pods = List.of(pod("ns", "web-0", Map.of("app", "web"), "127.9.0.6", false));

    String hosts =
        ClusterHosts.render(
            SELF, "127.9.0.1", List.of(service("ns", "web", "web"), headlessWithoutSelector), pods);

    assertThat(hosts).doesNotContain("web.ns").doesNotContain("ext.ns");
  }

  @Test
  void kubernetesDefault_isTheApiServerOnLoopback() {
    Service kubernetes =
        new ServiceBuilder()
            .withNewMetadata()
            .withNamespace("default")
            .withName("kubernetes")
            .endMetadata()
            .withNewSpec()
            .endSpec()
            .build();

    String hosts = ClusterHosts.render(SELF, "127.9.0.1", List.of(kubernetes), List.of());

    assertThat(hosts)
        .startsWith("127.0.0.1\tlocalhost\n")
        .contains(
            "127.0.0.1\tkubernetes.default.svc.cluster.local kubernetes.default.svc"
                + " kubernetes.default\n");
  }

  private static Service service(String namespace, String name, String app) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withSelector(Map.of("app", app))
        .endSpec()
        .build();
  }

  private static Pod pod(
      String namespace, String name, Map<String, String> labels, String ip, boolean ready) {
    return new PodBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name)
        .withLabels(labels)
        .endMetadata()
        .withNewStatus()
        .withPodIP(ip)
        .addNewCondition()
        .withType("Ready")
        .withStatus(ready ? "True" : "False")
        .endCondition()
        .endStatus()
        .build();
  }
}
