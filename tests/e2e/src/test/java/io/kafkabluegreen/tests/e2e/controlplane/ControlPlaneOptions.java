package io.kafkabluegreen.tests.e2e.controlplane;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the control plane's binaries are and where its logs go.
 *
 * @param binDir output of {@code tests/e2e/build-bins.sh}: etcd, kube-apiserver,
 *     kube-controller-manager, rollouts-controller, kubectl-argo-rollouts (the plugin, used by
 *     {@code RolloutsPlugin}) and {@code crds/}
 * @param logDir one log file per process (and per pod, under {@code pods/})
 */
public record ControlPlaneOptions(Path binDir, Path logDir) {

  private static final List<String> BINARIES =
      List.of("etcd", "kube-apiserver", "kube-controller-manager", "rollouts-controller");

  /**
   * From the system properties Maven's failsafe sets ({@code kbg.e2e.bin}, {@code kbg.e2e.logs}),
   * falling back to {@code KBG_E2E_BIN} and the build script's default cache, and {@code
   * target/e2e-logs}.
   */
  public static ControlPlaneOptions fromSystemProperties() {
    String env = System.getenv("KBG_E2E_BIN");
    String fallback =
        env != null && !env.isBlank()
            ? env
            : Path.of(System.getProperty("user.home"), ".cache", "kafka-bluegreen", "e2e-bin")
                .toString();
    Path bin = Path.of(System.getProperty("kbg.e2e.bin", fallback));
    Path logs = Path.of(System.getProperty("kbg.e2e.logs", "target/e2e-logs"));
    return new ControlPlaneOptions(bin.toAbsolutePath(), logs.toAbsolutePath());
  }

  /** Fails with a hint on how to build them when a binary or the CRDs are missing. */
  void requireBinaries() {
    for (String binary : BINARIES) {
      if (!Files.isExecutable(binDir.resolve(binary))) {
        throw new IllegalStateException(
            binary + " not found in " + binDir + ": run tests/e2e/build-bins.sh (needs Go)");
      }
    }
    if (!Files.isDirectory(binDir.resolve("crds"))) {
      throw new IllegalStateException(
          "Argo Rollouts CRDs not found in " + binDir.resolve("crds") + ": run build-bins.sh");
    }
  }
}
