package io.kafkabluegreen.tests.e2e.kubelet;

import io.kafkabluegreen.tests.e2e.kubelet.container.ContainerRuntime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * How {@link ProcessKubelet} runs a container, chosen by the image's name: as a plain local process
 * ({@link #java}, the fast tiers) or as an OCI container of the built image ({@link #container}).
 * In a real cluster every pod has its own network namespace, so an app binding {@code 0.0.0.0:8080}
 * is fine; here all pods share the host's, so a runtime also says which variables make the app bind
 * its own pod IP instead.
 */
public interface PodRuntime {

  /** Where Kubernetes mounts a pod's ServiceAccount token, CA and namespace. */
  String SERVICE_ACCOUNT_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";

  /** Prepares one start of the container and says what to run, in the foreground, for it. */
  Launch prepare(PodLaunch launch);

  /** Variables that override the container's environment so the process binds {@code podIp}. */
  Map<String, String> bindEnvironment(String podIp);

  /**
   * A foreground command whose exit is the container's exit.
   *
   * @param command the command line
   * @param env the command's whole environment
   * @param cleanup run once the command has exited (whatever killed it)
   */
  record Launch(List<String> command, Map<String, String> env, Runnable cleanup) {}

  /**
   * A JVM running {@code mainClass} on {@code classpath} with a small serial-GC heap, so that a
   * handful of pods fit on a 2-core machine. It cannot see the container paths of its volumes, so
   * the ServiceAccount volume is handed to it the way fabric8 can take it: the in-cluster variables
   * pointing at the volume's host directory (and no kubeconfig), so the pod calls the API server
   * with its own token and RBAC decides, as for a container. Names resolve from the pod's hosts
   * file (Service names included), as in a container.
   */
  static PodRuntime java(
      String classpath, String mainClass, Function<String, Map<String, String>> bindEnvironment) {
    return new PodRuntime() {
      @Override
      public Launch prepare(PodLaunch launch) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(
            List.of(
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-XX:ActiveProcessorCount=1",
                "-Djdk.net.hosts.file=" + processHosts(launch),
                "-cp",
                classpath));
        command.addAll(javaCommand(mainClass, launch.container().getCommand()));
        command.addAll(launch.container().getArgs());
        Map<String, String> env = new HashMap<>(launch.env());
        env.put("PATH", Objects.requireNonNullElse(System.getenv("PATH"), "/usr/bin:/bin"));
        env.put("KUBERNETES_AUTH_TRYKUBECONFIG", "false");
        env.put("KUBERNETES_NAMESPACE", launch.pod().getMetadata().getNamespace());
        launch
            .mountAt(SERVICE_ACCOUNT_DIR)
            .ifPresent(
                sa -> {
                  env.put("KUBERNETES_AUTH_SERVICEACCOUNT_TOKEN", sa.source() + "/token");
                  env.put("KUBERNETES_CERTS_CA_FILE", sa.source() + "/ca.crt");
                });
        return new Launch(command, env, () -> {});
      }

      @Override
      public Map<String, String> bindEnvironment(String podIp) {
        return bindEnvironment.apply(podIp);
      }
    };
  }

  /**
   * The pod's hosts file (the cluster-DNS stand-in, see {@code ClusterHosts}) for a JVM's {@code
   * jdk.net.hosts.file}, which then resolves every name from it alone: Service names, and this
   * machine's hostname (a process pod's hostname) to loopback.
   */
  private static Path processHosts(PodLaunch launch) {
    try {
      String hosts = Files.readString(launch.hosts().get());
      // the kernel's hostname, not InetAddress.getLocalHost(): that needs the name resolvable
      String machine = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
      Path file = Files.createDirectories(launch.runtimeDir()).resolve("hosts");
      Files.writeString(file, hosts + "127.0.0.1\t" + machine + "\n");
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The main class and its leading arguments for a process pod: {@code defaultMain} (the image's
   * entrypoint, in effect) unless the container's {@code command} runs another class of the same
   * image, as a Helm test pod does with {@code java -cp @/app/jib-classpath-file <class>}: the
   * image's classpath is the module's, so that class runs on the module's classpath. JVM options of
   * the command are dropped (the runtime sets its own).
   *
   * @throws IllegalArgumentException for a command that is not {@code java}
   */
  static List<String> javaCommand(String defaultMain, List<String> command) {
    if (command.isEmpty()) {
      return List.of(defaultMain);
    }
    if (!Path.of(command.get(0)).getFileName().toString().equals("java")) {
      throw new IllegalArgumentException(
          "a process pod runs only java commands, not " + String.join(" ", command));
    }
    for (int i = 1; i < command.size(); i++) {
      String arg = command.get(i);
      if (arg.equals("-cp") || arg.equals("-classpath") || arg.equals("--class-path")) {
        i++;
      } else if (!arg.startsWith("-")) {
        return command.subList(i, command.size());
      }
    }
    throw new IllegalArgumentException("no main class in " + String.join(" ", command));
  }

  /**
   * The image in {@code imageTar} (a {@code docker save} / Jib tarball) run as an OCI container by
   * {@code runc}; see {@link ContainerRuntime}.
   */
  static PodRuntime container(
      Path imageTar, Function<String, Map<String, String>> bindEnvironment) {
    return new ContainerRuntime(imageTar, bindEnvironment);
  }

  /**
   * The key an image is registered under: its repository's last path segment without tag or digest
   * ({@code ghcr.io/acme/consumer-app:1.2} → {@code consumer-app}).
   */
  static String imageKey(String image) {
    String name = image;
    int digest = name.indexOf('@');
    if (digest >= 0) {
      name = name.substring(0, digest);
    }
    int slash = name.lastIndexOf('/');
    int colon = name.lastIndexOf(':');
    if (colon > slash) {
      name = name.substring(0, colon);
    }
    return name.substring(slash + 1);
  }
}
