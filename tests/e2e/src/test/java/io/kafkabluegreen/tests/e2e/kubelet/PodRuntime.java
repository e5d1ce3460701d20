package io.kafkabluegreen.tests.e2e.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * How {@link ProcessKubelet} turns a container into a local process, chosen by the image's name. In
 * a real cluster every pod has its own network namespace, so an app binding {@code 0.0.0.0:8080} is
 * fine; here all pods share the host's, so a runtime also says which variables make the app bind
 * its own pod IP instead.
 */
public interface PodRuntime {

  /** The command line for {@code container} (the image's entrypoint, in effect). */
  List<String> command(Container container);

  /** Variables that override the container's environment so the process binds {@code podIp}. */
  Map<String, String> bindEnvironment(String podIp);

  /**
   * A JVM running {@code mainClass} on {@code classpath} with a small serial-GC heap, so that a
   * handful of pods fit on a 2-core machine.
   */
  static PodRuntime java(
      String classpath, String mainClass, Function<String, Map<String, String>> bindEnvironment) {
    return new PodRuntime() {
      @Override
      public List<String> command(Container container) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(
            List.of(
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-XX:ActiveProcessorCount=1",
                "-cp",
                classpath,
                mainClass));
        command.addAll(container.getArgs());
        return command;
      }

      @Override
      public Map<String, String> bindEnvironment(String podIp) {
        return bindEnvironment.apply(podIp);
      }
    };
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
