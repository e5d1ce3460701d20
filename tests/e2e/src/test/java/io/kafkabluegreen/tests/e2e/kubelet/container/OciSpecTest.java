package io.kafkabluegreen.tests.e2e.kubelet.container;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.kafkabluegreen.tests.e2e.kubelet.PodLaunch;
import io.kafkabluegreen.tests.e2e.kubelet.PodMount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OciSpecTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ImageConfig IMAGE =
      new ImageConfig(
          List.of("java", "-jar", "/app/app.jar"),
          List.of("--port=8080"),
          List.of("PATH=/usr/bin:/bin", "JAVA_HOME=/jre", "MODE=image"),
          "10001:10002",
          "/app");

  private static Path rootfs;

  @BeforeAll
  static void imageWithPasswd(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
    rootfs = dir;
    Files.createDirectories(dir.resolve("etc"));
    Files.writeString(
        dir.resolve("etc/passwd"), "root:x:0:0::/root:/bin/sh\napp:x:10001:10003::/app:/bin/sh\n");
    Files.writeString(dir.resolve("etc/group"), "root:x:0:\napps:x:10004:\n");
  }

  /** One case: how the Pod and image differ from the defaults, and what the spec then says. */
  record Case(Consumer<Pod> pod, ImageConfig image, Consumer<JsonNode> then) {}

  static Stream<Arguments> cases() {
    return Stream.of(
        named(
            "user: the image's uid:gid when nothing in the pod sets one",
            pod -> {},
            IMAGE,
            spec -> assertUser(spec, 10001, 10002, List.of())),
        named(
            "user: the image's user name, looked up in the image's /etc/passwd and /etc/group",
            pod -> {},
            image("app:apps"),
            spec -> assertUser(spec, 10001, 10004, List.of())),
        named(
            "user: pod runAsUser overrides the image; gid from the image's passwd entry",
            pod -> podContext(pod).setRunAsUser(10001L),
            image("2000:2000"),
            spec -> assertUser(spec, 10001, 10003, List.of())),
        named(
            "user: container runAsUser/runAsGroup override the pod's",
            pod -> {
              podContext(pod).setRunAsUser(2000L);
              podContext(pod).setRunAsGroup(2001L);
              containerContext(pod).setRunAsUser(3000L);
              containerContext(pod).setRunAsGroup(3001L);
            },
            IMAGE,
            spec -> assertUser(spec, 3000, 3001, List.of())),
        named(
            "user: fsGroup and supplementalGroups become supplementary groups",
            pod -> {
              podContext(pod).setFsGroup(5000L);
              podContext(pod).setSupplementalGroups(List.of(6000L));
            },
            IMAGE,
            spec -> assertUser(spec, 10001, 10002, List.of(5000L, 6000L))),
        named(
            "resources: limits.memory becomes the container's memory limit",
            pod ->
                container(pod)
                    .setResources(
                        new io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder()
                            .addToLimits(
                                "memory", new io.fabric8.kubernetes.api.model.Quantity("512Mi"))
                            .build()),
            IMAGE,
            spec ->
                assertThat(spec.at("/linux/resources/memory/limit").asLong())
                    .isEqualTo(512L << 20)),
        named(
            "resources: no memory limit without limits.memory",
            pod -> {},
            IMAGE,
            spec -> assertThat(spec.at("/linux/resources").has("memory")).isFalse()),
        named(
            "resources: a CPU weight that holds its own against the tier's other processes",
            pod -> {},
            IMAGE,
            spec ->
                assertThat(spec.at("/linux/resources/cpu/shares").asInt())
                    .isEqualTo(OciSpec.CPU_SHARES)
                    .isGreaterThan(1024)),
        named(
            "root: read-only when readOnlyRootFilesystem is true",
            pod -> containerContext(pod).setReadOnlyRootFilesystem(true),
            IMAGE,
            spec -> assertThat(spec.at("/root/readonly").asBoolean()).isTrue()),
        named(
            "root: writable when readOnlyRootFilesystem is unset",
            pod -> {},
            IMAGE,
            spec -> assertThat(spec.at("/root/readonly").asBoolean()).isFalse()),
        named(
            "args: the image's Entrypoint + Cmd when the container sets neither",
            pod -> {},
            IMAGE,
            spec -> assertArgs(spec, "java", "-jar", "/app/app.jar", "--port=8080")),
        named(
            "args: container args replace only Cmd, with $(VAR) expanded",
            pod -> container(pod).setArgs(List.of("--port=$(PORT)", "$$(PORT)")),
            IMAGE,
            spec -> assertArgs(spec, "java", "-jar", "/app/app.jar", "--port=9090", "$(PORT)")),
        named(
            "args: container command replaces Entrypoint and drops Cmd",
            pod -> container(pod).setCommand(List.of("/bin/sh", "-c", "echo hi")),
            IMAGE,
            spec -> assertArgs(spec, "/bin/sh", "-c", "echo hi")),
        named(
            "env: the image's Env overridden by the pod's; cwd from the image",
            pod -> {},
            IMAGE,
            spec -> {
              assertThat(texts(spec.at("/process/env")))
                  .contains("PATH=/usr/bin:/bin", "JAVA_HOME=/jre", "MODE=pod", "PORT=9090")
                  .doesNotContain("MODE=image");
              assertThat(spec.at("/process/cwd").asText()).isEqualTo("/app");
            }),
        named(
            "process: no rlimits (this machine refuses setrlimit), no terminal",
            pod -> {},
            IMAGE,
            spec -> {
              assertThat(spec.at("/process").has("rlimits")).isFalse();
              assertThat(spec.at("/process/terminal").asBoolean()).isFalse();
            }),
        named(
            "namespaces: pid, ipc, uts, mount and no network (host network)",
            pod -> {},
            IMAGE,
            spec ->
                assertThat(spec.at("/linux/namespaces").findValuesAsText("type"))
                    .containsExactlyInAnyOrder("pid", "ipc", "uts", "mount")),
        named(
            "mounts: runc's defaults, /etc/hosts, then the volume mounts with their modes",
            pod -> {},
            IMAGE,
            spec -> {
              List<String> destinations = spec.at("/mounts").findValuesAsText("destination");
              assertThat(destinations)
                  .containsExactly(
                      "/proc",
                      "/dev",
                      "/dev/pts",
                      "/dev/shm",
                      "/dev/mqueue",
                      "/sys",
                      "/sys/fs/cgroup",
                      "/etc/hosts",
                      "/var/run/secrets/kubernetes.io/serviceaccount",
                      "/tmp");
              JsonNode token = spec.at("/mounts/8");
              assertThat(token.path("source").asText())
                  .isEqualTo("/pods/p/volumes/kube-api-access");
              assertThat(texts(token.path("options"))).contains("rbind", "ro");
              assertThat(texts(spec.at("/mounts/9/options"))).contains("rbind", "rw");
              assertThat(texts(spec.at("/mounts/5/options"))).contains("ro");
            }),
        named(
            "capabilities: drop ALL leaves only what is added; noNewPrivileges from allowPrivilegeEscalation=false",
            pod -> {
              Capabilities caps = new Capabilities();
              caps.setDrop(List.of("ALL"));
              caps.setAdd(List.of("NET_BIND_SERVICE"));
              containerContext(pod).setCapabilities(caps);
              containerContext(pod).setAllowPrivilegeEscalation(false);
            },
            IMAGE,
            spec -> {
              assertThat(texts(spec.at("/process/capabilities/bounding")))
                  .containsExactly("CAP_NET_BIND_SERVICE");
              assertThat(spec.at("/process/noNewPrivileges").asBoolean()).isTrue();
            }),
        named(
            "capabilities: the runtime's defaults without a securityContext; hostname is the pod name",
            pod -> {},
            IMAGE,
            spec -> {
              assertThat(texts(spec.at("/process/capabilities/bounding")))
                  .hasSize(OciSpec.DEFAULT_CAPABILITIES.size())
                  .contains("CAP_CHOWN", "CAP_KILL");
              assertThat(spec.at("/process/noNewPrivileges").asBoolean()).isFalse();
              assertThat(spec.at("/hostname").asText()).isEqualTo("consumer-app-abc12");
            }));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void spec(Case c) {
    Pod pod = pod();
    c.pod().accept(pod);
    Container container = pod.getSpec().getContainers().get(0);
    Map<String, String> env = new LinkedHashMap<>(Map.of("MODE", "pod", "PORT", "9090"));
    PodLaunch launch =
        new PodLaunch(
            pod,
            container,
            "127.0.0.7",
            "abcd1234-0",
            env,
            List.of(
                new PodMount(
                    Path.of("/pods/p/volumes/kube-api-access"),
                    "/var/run/secrets/kubernetes.io/serviceaccount",
                    true),
                new PodMount(Path.of("/pods/p/volumes/tmp"), "/tmp", false)),
            Path.of("/pods/p/containers/abcd1234-0"),
            () -> Path.of("/pods/p/etc-hosts"));
    ContainerUser user = ContainerUser.of(pod, container, c.image(), rootfs);

    Map<String, Object> spec =
        OciSpec.build(launch, c.image(), rootfs, Path.of("/pods/p/etc-hosts"), user);

    c.then().accept(JSON.valueToTree(spec));
  }

  private static Arguments named(
      String name, Consumer<Pod> pod, ImageConfig image, Consumer<JsonNode> then) {
    return Arguments.of(Named.of(name, new Case(pod, image, then)));
  }

  private static Pod pod() {
    return new PodBuilder()
        .withNewMetadata()
        .withName("consumer-app-abc12")
        .withNamespace("ns")
        .endMetadata()
        .withNewSpec()
        .withContainers(new ContainerBuilder().withName("app").withImage("consumer-app").build())
        .endSpec()
        .build();
  }

  private static ImageConfig image(String user) {
    return new ImageConfig(IMAGE.entrypoint(), IMAGE.cmd(), IMAGE.env(), user, IMAGE.workingDir());
  }

  private static Container container(Pod pod) {
    return pod.getSpec().getContainers().get(0);
  }

  private static PodSecurityContext podContext(Pod pod) {
    if (pod.getSpec().getSecurityContext() == null) {
      pod.getSpec().setSecurityContext(new PodSecurityContext());
    }
    return pod.getSpec().getSecurityContext();
  }

  private static SecurityContext containerContext(Pod pod) {
    if (container(pod).getSecurityContext() == null) {
      container(pod).setSecurityContext(new SecurityContext());
    }
    return container(pod).getSecurityContext();
  }

  private static void assertUser(JsonNode spec, long uid, long gid, List<Long> groups) {
    JsonNode user = spec.at("/process/user");
    assertThat(user.path("uid").asLong()).as("uid").isEqualTo(uid);
    assertThat(user.path("gid").asLong()).as("gid").isEqualTo(gid);
    List<Long> additional = new ArrayList<>();
    user.path("additionalGids").forEach(g -> additional.add(g.asLong()));
    assertThat(additional).as("additionalGids").isEqualTo(groups);
  }

  private static void assertArgs(JsonNode spec, String... args) {
    assertThat(texts(spec.at("/process/args"))).containsExactly(args);
  }

  private static List<String> texts(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(n -> values.add(n.asText()));
    return values;
  }
}
