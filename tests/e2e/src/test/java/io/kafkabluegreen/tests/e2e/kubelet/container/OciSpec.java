package io.kafkabluegreen.tests.e2e.kubelet.container;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.kafkabluegreen.tests.e2e.kubelet.PodEnvironment;
import io.kafkabluegreen.tests.e2e.kubelet.PodLaunch;
import io.kafkabluegreen.tests.e2e.kubelet.PodMount;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The OCI runtime configuration ({@code config.json}) for one start of a pod's container, with
 * Kubernetes' semantics for what the Pod says and {@code runc spec}'s defaults for the rest. Two
 * deliberate differences from a node: no {@code process.rlimits} (this machine refuses {@code
 * setrlimit}, and a pod spec cannot ask for limits anyway) and no network namespace (host network:
 * pods bind their own 127.x address through the runtime's bind variables, as with the process
 * runtime).
 */
public final class OciSpec {

  /**
   * CPU weight of every container. Everything else of the tier (broker, API server, controllers,
   * the test JVM) runs in the parent cgroup, where under cgroup v1 each of its threads weighs as
   * much as a whole child cgroup at the default 1024: a container of a many-threaded JVM then got a
   * sliver of the CPU on a loaded machine (the provider's image took 11–14 s to /readyz at load
   * 10–12, 3–5 s with this weight). A real kubelet avoids it by putting every process of a node
   * under its pods' cgroups.
   */
  static final int CPU_SHARES = 16384;

  /**
   * containerd's default capability set, which a container gets unless its securityContext drops.
   */
  static final List<String> DEFAULT_CAPABILITIES =
      List.of(
          "CHOWN",
          "DAC_OVERRIDE",
          "FSETID",
          "FOWNER",
          "MKNOD",
          "NET_RAW",
          "SETGID",
          "SETUID",
          "SETFCAP",
          "SETPCAP",
          "NET_BIND_SERVICE",
          "SYS_CHROOT",
          "KILL",
          "AUDIT_WRITE");

  private static final List<String> MASKED_PATHS =
      List.of(
          "/proc/acpi",
          "/proc/asound",
          "/proc/kcore",
          "/proc/keys",
          "/proc/latency_stats",
          "/proc/timer_list",
          "/proc/timer_stats",
          "/proc/sched_debug",
          "/sys/firmware",
          "/proc/scsi");
  private static final List<String> READONLY_PATHS =
      List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger");

  private OciSpec() {}

  /**
   * The configuration for {@code launch}'s container of {@code image}, its root at {@code rootfs},
   * its {@code /etc/hosts} bind-mounted from {@code hosts}.
   */
  public static Map<String, Object> build(
      PodLaunch launch, ImageConfig image, Path rootfs, Path hosts, ContainerUser user) {
    Container container = launch.container();
    SecurityContext security =
        Optional.ofNullable(container.getSecurityContext()).orElseGet(SecurityContext::new);
    Map<String, String> env = environment(image, launch.env());
    Map<String, Object> process = new LinkedHashMap<>();
    process.put("terminal", false);
    process.put(
        "user",
        Map.of("uid", user.uid(), "gid", user.gid(), "additionalGids", user.additionalGids()));
    process.put("args", args(container, image, env));
    List<String> envList = new ArrayList<>();
    env.forEach((k, v) -> envList.add(k + "=" + v));
    process.put("env", envList);
    process.put("cwd", workingDir(container, image));
    List<String> caps = capabilities(security.getCapabilities());
    process.put(
        "capabilities",
        Map.of("bounding", caps, "effective", caps, "permitted", caps, "inheritable", List.of()));
    process.put("noNewPrivileges", Boolean.FALSE.equals(security.getAllowPrivilegeEscalation()));

    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("ociVersion", "1.0.2-dev");
    spec.put("process", process);
    spec.put(
        "root",
        Map.of(
            "path",
            rootfs.toString(),
            "readonly",
            Boolean.TRUE.equals(security.getReadOnlyRootFilesystem())));
    spec.put("hostname", launch.pod().getMetadata().getName());
    spec.put("mounts", mounts(launch.mounts(), hosts));
    spec.put("linux", linux(launch.containerId(), memoryLimit(container)));
    return spec;
  }

  /**
   * Kubernetes' rule: {@code command} replaces the image's Entrypoint (and drops its Cmd), {@code
   * args} replaces Cmd; {@code $(VAR)} in either is expanded from the container's environment.
   */
  static List<String> args(Container container, ImageConfig image, Map<String, String> env) {
    List<String> args = new ArrayList<>();
    if (!container.getCommand().isEmpty()) {
      container.getCommand().forEach(c -> args.add(PodEnvironment.expand(c, env)));
      container.getArgs().forEach(a -> args.add(PodEnvironment.expand(a, env)));
    } else {
      args.addAll(image.entrypoint());
      if (!container.getArgs().isEmpty()) {
        container.getArgs().forEach(a -> args.add(PodEnvironment.expand(a, env)));
      } else {
        args.addAll(image.cmd());
      }
    }
    if (args.isEmpty()) {
      throw new IllegalArgumentException(
          "container " + container.getName() + ": no command, and the image has no Entrypoint/Cmd");
    }
    return args;
  }

  /** The image's Env, overridden by the pod's variables. */
  static Map<String, String> environment(ImageConfig image, Map<String, String> podEnv) {
    Map<String, String> env = new LinkedHashMap<>();
    for (String entry : image.env()) {
      int eq = entry.indexOf('=');
      if (eq > 0) {
        env.put(entry.substring(0, eq), entry.substring(eq + 1));
      }
    }
    env.putAll(podEnv);
    return env;
  }

  private static String workingDir(Container container, ImageConfig image) {
    if (container.getWorkingDir() != null && !container.getWorkingDir().isEmpty()) {
      return container.getWorkingDir();
    }
    return image.workingDir().isEmpty() ? "/" : image.workingDir();
  }

  /** The default set, minus {@code drop} ({@code ALL} drops every one), plus {@code add}. */
  static List<String> capabilities(Capabilities requested) {
    Set<String> caps = new LinkedHashSet<>(DEFAULT_CAPABILITIES);
    if (requested != null) {
      for (String drop : requested.getDrop()) {
        if (drop.equals("ALL")) {
          caps.clear();
        } else {
          caps.remove(bare(drop));
        }
      }
      requested.getAdd().forEach(add -> caps.add(bare(add)));
    }
    return caps.stream().map(c -> "CAP_" + c).toList();
  }

  private static String bare(String capability) {
    return capability.startsWith("CAP_") ? capability.substring(4) : capability;
  }

  private static List<Map<String, Object>> mounts(List<PodMount> podMounts, Path hosts) {
    List<Map<String, Object>> mounts = new ArrayList<>();
    mounts.add(mount("/proc", "proc", "proc"));
    mounts.add(mount("/dev", "tmpfs", "tmpfs", "nosuid", "strictatime", "mode=755", "size=65536k"));
    mounts.add(
        mount(
            "/dev/pts",
            "devpts",
            "devpts",
            "nosuid",
            "noexec",
            "newinstance",
            "ptmxmode=0666",
            "mode=0620",
            "gid=5"));
    mounts.add(
        mount("/dev/shm", "tmpfs", "shm", "nosuid", "noexec", "nodev", "mode=1777", "size=65536k"));
    mounts.add(mount("/dev/mqueue", "mqueue", "mqueue", "nosuid", "noexec", "nodev"));
    mounts.add(mount("/sys", "sysfs", "sysfs", "nosuid", "noexec", "nodev", "ro"));
    mounts.add(
        mount("/sys/fs/cgroup", "cgroup", "cgroup", "nosuid", "noexec", "nodev", "relatime", "ro"));
    mounts.add(mount("/etc/hosts", "bind", hosts.toString(), "rbind", "rprivate", "ro"));
    for (PodMount podMount : podMounts) {
      mounts.add(
          mount(
              podMount.destination(),
              "bind",
              podMount.source().toString(),
              "rbind",
              "rprivate",
              podMount.readOnly() ? "ro" : "rw"));
    }
    return mounts;
  }

  private static Map<String, Object> mount(
      String destination, String type, String source, String... options) {
    Map<String, Object> mount = new LinkedHashMap<>();
    mount.put("destination", destination);
    mount.put("type", type);
    mount.put("source", source);
    if (options.length > 0) {
      mount.put("options", List.of(options));
    }
    return mount;
  }

  /**
   * {@code resources.limits.memory} in bytes, or null: the JVM sizes its heap from the container's
   * limit, so without it every pod would size itself for the whole machine.
   */
  static Long memoryLimit(Container container) {
    if (container.getResources() == null || container.getResources().getLimits() == null) {
      return null;
    }
    Quantity memory = container.getResources().getLimits().get("memory");
    return memory == null ? null : Quantity.getAmountInBytes(memory).longValueExact();
  }

  private static Map<String, Object> linux(String containerId, Long memoryLimit) {
    Map<String, Object> linux = new LinkedHashMap<>();
    Map<String, Object> resources = new LinkedHashMap<>();
    resources.put("devices", List.of(Map.of("allow", false, "access", "rwm")));
    if (memoryLimit != null) {
      resources.put("memory", Map.of("limit", memoryLimit));
    }
    resources.put("cpu", Map.of("shares", CPU_SHARES));
    linux.put("resources", resources);
    // relative: below the cgroup runc itself runs in, so the containers stay inside this machine's
    // accounting of the test run (an absolute path would move them out of it)
    linux.put("cgroupsPath", "kafka-bluegreen-e2e/" + Objects.requireNonNull(containerId));
    // no "network": the container shares the host's network namespace (see the class comment)
    linux.put(
        "namespaces",
        List.of(
            Map.of("type", "pid"),
            Map.of("type", "ipc"),
            Map.of("type", "uts"),
            Map.of("type", "mount")));
    linux.put("maskedPaths", MASKED_PATHS);
    linux.put("readonlyPaths", READONLY_PATHS);
    return linux;
  }
}
