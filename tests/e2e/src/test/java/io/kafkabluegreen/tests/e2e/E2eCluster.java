package io.kafkabluegreen.tests.e2e;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kafkabluegreen.tests.e2e.connect.ConnectWorkerImage;
import io.kafkabluegreen.tests.e2e.controlplane.ControlPlane;
import io.kafkabluegreen.tests.e2e.kubelet.PodRuntime;
import io.kafkabluegreen.tests.e2e.kubelet.ProcessKubelet;
import io.kafkabluegreen.tests.e2e.rollouts.RolloutsPlugin;
import io.kafkabluegreen.tests.e2e.stub.StubServer;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The whole end-to-end environment, once per test JVM: the control plane, and the process kubelet
 * with a runtime for each image the tests deploy. Tests share it and isolate themselves by
 * namespace.
 */
public final class E2eCluster {

  /** Image name of {@link StubServer}, the smallest pod. */
  public static final String STUB_IMAGE = "stub-server";

  /** Image name of the reference consumer ({@code rollouts/consumer-app-rollout.yaml}). */
  public static final String CONSUMER_APP_IMAGE = "consumer-app";

  /** Image name of analysis-provider (the chart's {@code provider.image.repository}). */
  public static final String PROVIDER_IMAGE = "analysis-provider";

  private static E2eCluster shared;

  private final ControlPlane controlPlane;
  private final ProcessKubelet kubelet;

  private E2eCluster(ControlPlane controlPlane, ProcessKubelet kubelet) {
    this.controlPlane = controlPlane;
    this.kubelet = kubelet;
  }

  public static synchronized E2eCluster shared() {
    if (shared == null) {
      ControlPlane plane = ControlPlane.shared();
      ProcessKubelet kubelet =
          new ProcessKubelet(plane)
              .register(
                  STUB_IMAGE,
                  PodRuntime.java(
                      System.getProperty("java.class.path"),
                      StubServer.class.getName(),
                      ip -> Map.of("STUB_BIND_ADDRESS", ip)))
              .register(
                  CONSUMER_APP_IMAGE,
                  runtime(
                      "consumer-app",
                      "io.kafkabluegreen.app.Main",
                      ip -> Map.of("APP_BIND_ADDRESS", ip)))
              .register(
                  PROVIDER_IMAGE,
                  runtime(
                      "analysis-provider",
                      "io.kafkabluegreen.provider.Main",
                      ip -> Map.of("PROVIDER_BIND_ADDRESS", ip)))
              .register(ConnectWorkerImage.IMAGE_KEY, new ConnectWorkerImage())
              .start();
      Runtime.getRuntime().addShutdownHook(new Thread(kubelet::close, "kubelet-shutdown"));
      shared = new E2eCluster(plane, kubelet);
    }
    return shared;
  }

  /**
   * How a module's pods run: as OCI containers of the image its build wrote ({@code
   * <module>/target/jib-image.tar}), which is what users install; or, with {@code
   * -Dkbg.e2e.runtime=process}, as processes on the module's classpath, which start faster while
   * developing a test.
   */
  private static PodRuntime runtime(
      String module, String mainClass, Function<String, Map<String, String>> bindEnvironment) {
    if ("process".equals(System.getProperty("kbg.e2e.runtime", "container"))) {
      return PodRuntime.java(moduleClasspath(module), mainClass, bindEnvironment);
    }
    return PodRuntime.container(
        repo().resolve(module).resolve("target").resolve("jib-image.tar"), bindEnvironment);
  }

  /** The repository's root (Maven passes it as {@code kbg.e2e.repo}). */
  public static Path repo() {
    return Path.of(System.getProperty("kbg.e2e.repo", "../..")).toAbsolutePath().normalize();
  }

  /**
   * A module's classes plus its runtime dependencies, as its build wrote them to {@code
   * target/<module>.classpath}: the pod runs exactly what Maven resolved for the module.
   */
  static String moduleClasspath(String module) {
    Path target = repo().resolve(module).resolve("target");
    Path file = target.resolve(module + ".classpath");
    try {
      String dependencies = Files.exists(file) ? Files.readString(file).trim() : "";
      return target.resolve("classes") + File.pathSeparator + dependencies;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public ControlPlane controlPlane() {
    return controlPlane;
  }

  public ProcessKubelet kubelet() {
    return kubelet;
  }

  public KubernetesClient client() {
    return controlPlane.client();
  }

  /** The real {@code kubectl argo rollouts} plugin, with the admin kubeconfig. */
  public RolloutsPlugin plugin() {
    return new RolloutsPlugin(controlPlane.binDir(), controlPlane.kubeconfig());
  }

  /** Deletes a test's namespace: the controllers delete its pods and the kubelet stops them. */
  public void deleteNamespace(String name) {
    client().namespaces().withName(name).delete();
  }

  /**
   * Creates a namespace {@code prefix-<random>} for one test and waits for its {@code default}
   * ServiceAccount: until the controller manager has made it, the ServiceAccount admission plugin
   * rejects every pod of the namespace.
   */
  public String createNamespace(String prefix) {
    String name = prefix + "-" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
    client()
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
    client()
        .serviceAccounts()
        .inNamespace(name)
        .withName("default")
        .waitUntilCondition(Objects::nonNull, 60, TimeUnit.SECONDS);
    return name;
  }
}
