package io.kafkabluegreen.tests.e2e.kubelet.container;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.kafkabluegreen.tests.e2e.kubelet.PodLaunch;
import io.kafkabluegreen.tests.e2e.kubelet.PodRuntime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link PodRuntime} that runs the built image as an OCI container with Debian's {@code runc}:
 * the image unpacked once by the {@link ImageStore}, a bundle per start ({@code config.json} from
 * {@link OciSpec}), and {@code runc --root <state> run --bundle <bundle> <id>} in the foreground,
 * so that the kubelet's SIGTERM reaches the container (runc forwards it) and runc's exit code is
 * the container's. After the exit, {@code runc delete --force} removes the container whatever ended
 * it (a SIGKILLed runc leaves its container running until then).
 *
 * <p>With {@code readOnlyRootFilesystem} the container's root is the store's root filesystem itself
 * (runc mounts it read-only inside the container only); otherwise an overlay mount gives each start
 * a writable copy, thrown away after the exit.
 */
public final class ContainerRuntime implements PodRuntime {

  private static final Logger LOG = LoggerFactory.getLogger(ContainerRuntime.class);
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path imageTar;
  private final Function<String, Map<String, String>> bindEnvironment;
  private final ImageStore store;

  public ContainerRuntime(Path imageTar, Function<String, Map<String, String>> bindEnvironment) {
    this(imageTar, bindEnvironment, ImageStore.shared());
  }

  ContainerRuntime(
      Path imageTar, Function<String, Map<String, String>> bindEnvironment, ImageStore store) {
    this.imageTar = imageTar;
    this.bindEnvironment = bindEnvironment;
    this.store = store;
  }

  @Override
  public Launch prepare(PodLaunch launch) {
    requireRunc();
    ImageStore.Image image = store.load(imageTar);
    Path bundle = launch.runtimeDir().resolve("bundle");
    Path state = launch.runtimeDir().resolve("runc");
    try {
      Files.createDirectories(bundle);
      Files.createDirectories(state);
      boolean readOnly =
          launch.container().getSecurityContext() != null
              && Boolean.TRUE.equals(
                  launch.container().getSecurityContext().getReadOnlyRootFilesystem());
      Path rootfs = readOnly ? image.rootfs() : overlay(image.rootfs(), launch.runtimeDir());
      ContainerUser user =
          ContainerUser.of(launch.pod(), launch.container(), image.config(), image.rootfs());
      Map<String, Object> spec =
          OciSpec.build(launch, image.config(), rootfs, launch.hosts().get(), user);
      JSON.writeValue(bundle.resolve("config.json").toFile(), spec);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String id = launch.containerId();
    List<String> command =
        List.of(runc(), "--root", state.toString(), "run", "--bundle", bundle.toString(), id);
    Map<String, String> env =
        Map.of("PATH", Objects.requireNonNullElse(System.getenv("PATH"), "/usr/sbin:/usr/bin"));
    return new Launch(command, env, () -> remove(launch.runtimeDir(), state, id));
  }

  @Override
  public Map<String, String> bindEnvironment(String podIp) {
    return bindEnvironment.apply(podIp);
  }

  /** A writable root for one start: the image below, this start's changes above. */
  private static Path overlay(Path lower, Path runtimeDir) throws IOException {
    Path upper = Files.createDirectories(runtimeDir.resolve("upper"));
    Path work = Files.createDirectories(runtimeDir.resolve("work"));
    Path merged = Files.createDirectories(runtimeDir.resolve("rootfs"));
    run(
        List.of(
            "mount",
            "-t",
            "overlay",
            "overlay",
            "-o",
            "lowerdir=" + lower + ",upperdir=" + upper + ",workdir=" + work,
            merged.toString()));
    return merged;
  }

  private static void remove(Path runtimeDir, Path state, String id) {
    try {
      run(List.of(runc(), "--root", state.toString(), "delete", "--force", id));
      Path merged = runtimeDir.resolve("rootfs");
      if (Files.isDirectory(merged) && isMountPoint(merged)) {
        run(List.of("umount", merged.toString()));
      }
      if (!isMountPoint(merged)) {
        Tar.deleteRecursively(runtimeDir);
      }
    } catch (IOException e) {
      LOG.warn("Container {}: cleanup incomplete: {}", id, e.getMessage());
    }
  }

  private static boolean isMountPoint(Path dir) throws IOException {
    return Files.exists(dir)
        && Files.readAllLines(Path.of("/proc/self/mounts")).stream()
            .map(line -> line.split(" "))
            .anyMatch(fields -> fields.length > 1 && fields[1].equals(dir.toString()));
  }

  /** Fails with what to install rather than letting the launch fail on a missing command. */
  private static void requireRunc() {
    String runc = runc();
    boolean found =
        runc.contains("/")
            ? Files.isExecutable(Path.of(runc))
            : Stream.of(Objects.requireNonNullElse(System.getenv("PATH"), "").split(":"))
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, runc)));
    if (!found) {
      throw new IllegalStateException(
          "runc not found on PATH: install Debian's package (apt-get install runc)");
    }
  }

  /** {@code runc} from {@code PATH} ({@code apt-get install runc}), or {@code kbg.e2e.runc}. */
  static String runc() {
    return System.getProperty("kbg.e2e.runc", "runc");
  }

  private static void run(List<String> command) throws IOException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes()).strip();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IOException(String.join(" ", command) + " failed: " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + command, e);
    }
  }
}
