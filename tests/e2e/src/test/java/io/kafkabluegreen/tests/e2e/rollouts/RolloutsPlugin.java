package io.kafkabluegreen.tests.e2e.rollouts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code kubectl argo rollouts} plugin (built by {@code build-bins.sh} from the same
 * argo-rollouts module as the controller), run as an operator would run it: {@code
 * kubectl-argo-rollouts --kubeconfig <admin> -n <ns> promote|abort|undo|retry ...}. Each method
 * returns the plugin's stdout (e.g. {@code rollout 'stub' promoted}) and fails with its stderr when
 * it exits non-zero.
 */
public final class RolloutsPlugin {

  /** The plugin's file name in the bin dir. */
  public static final String BINARY = "kubectl-argo-rollouts";

  // Bounds each API call the plugin makes; the whole command gets a little more on top.
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration COMMAND_TIMEOUT = REQUEST_TIMEOUT.multipliedBy(2);

  private final Path binary;
  private final Path kubeconfig;

  /**
   * @param binDir the output of {@code build-bins.sh} (system property {@code kbg.e2e.bin})
   * @param kubeconfig a kubeconfig the plugin authenticates with
   */
  public RolloutsPlugin(Path binDir, Path kubeconfig) {
    this.binary = binDir.resolve(BINARY);
    this.kubeconfig = kubeconfig;
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(
          binary + " not found: run tests/e2e/build-bins.sh (it builds the plugin too)");
    }
  }

  /** {@code promote NAME}: clears the pause conditions / {@code spec.paused} of a paused update. */
  public String promote(String namespace, String name) {
    return run(namespace, "promote", name);
  }

  /**
   * {@code abort NAME}: sets {@code status.abort}; the controller returns to the stable revision.
   */
  public String abort(String namespace, String name) {
    return run(namespace, "abort", name);
  }

  /** {@code undo NAME}: writes the previous revision's pod template back into the Rollout. */
  public String undo(String namespace, String name) {
    return run(namespace, "undo", name);
  }

  /** {@code undo NAME --to-revision N}: writes revision {@code revision}'s pod template back. */
  public String undo(String namespace, String name, long revision) {
    return run(namespace, "undo", name, "--to-revision=" + revision);
  }

  /** {@code retry rollout NAME}: clears {@code status.abort}, so an aborted update runs again. */
  public String retry(String namespace, String name) {
    return run(namespace, "retry", "rollout", name);
  }

  /**
   * {@code version --short}: the plugin's own version, e.g. {@code kubectl-argo-rollouts: v1.9.1}.
   */
  public String version() {
    return exec(List.of("version", "--short"));
  }

  private String run(String namespace, String... command) {
    List<String> args = new ArrayList<>();
    args.add("--kubeconfig=" + kubeconfig);
    args.add("--request-timeout=" + REQUEST_TIMEOUT.toSeconds() + "s");
    args.add("--namespace=" + namespace);
    args.addAll(List.of(command));
    return exec(args);
  }

  private String exec(List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(args);
    String shown = String.join(" ", command);
    Path out = null;
    Path err = null;
    Process process = null;
    try {
      // Files, not pipes: nothing has to drain them while the plugin runs.
      out = Files.createTempFile("kubectl-argo-rollouts-", ".out");
      err = Files.createTempFile("kubectl-argo-rollouts-", ".err");
      process =
          new ProcessBuilder(command)
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
      process.getOutputStream().close(); // the plugin reads nothing from stdin
      if (!process.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(
            shown + " did not finish within " + COMMAND_TIMEOUT + ": " + Files.readString(err));
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            shown + " exited with " + process.exitValue() + ": " + Files.readString(err).strip());
      }
      return Files.readString(out).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot run " + shown, e);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while running " + shown, e);
    } finally {
      deleteQuietly(out);
      deleteQuietly(err);
    }
  }

  private static void deleteQuietly(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // a leftover temp file is harmless
    }
  }
}
