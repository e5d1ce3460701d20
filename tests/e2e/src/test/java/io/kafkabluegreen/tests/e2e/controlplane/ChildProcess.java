package io.kafkabluegreen.tests.e2e.controlplane;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A child process whose life is tied to this JVM's: when the JVM goes away, however it dies (even
 * SIGKILL), the child receives SIGTERM. An end-to-end run starts a dozen servers (etcd, the API
 * server, controllers, one JVM per pod) on a shared machine; none of them may outlive the test.
 *
 * <p>How: the command runs under {@code bash -c '(cat; kill -TERM $$) & exec "$@"'}. The background
 * subshell reads this JVM's pipe until end-of-file, which the kernel delivers when the JVM exits;
 * {@code exec} makes the command itself take the wrapper's pid, so {@link Process#pid()} is the
 * command's own pid and {@link #stop} signals it directly.
 */
public final class ChildProcess {

  // The watcher reads a copy (fd 3) of the JVM's pipe: a background job's own stdin would be
  // /dev/null. It signals only while the command is still its parent, so a pid reused after the
  // command exited is never hit.
  private static final String LIFELINE =
      "exec 3<&0; (cat <&3 >/dev/null; read -r _ _ _ ppid _ </proc/$BASHPID/stat;"
          + " [ \"$ppid\" = $$ ] && kill -TERM $$) & exec \"$@\" </dev/null 3<&-";

  private final String name;
  private final Process process;
  private final Path logFile;

  private ChildProcess(String name, Process process, Path logFile) {
    this.name = name;
    this.process = process;
    this.logFile = logFile;
    process.onExit().thenRun(this::cutLifeline);
  }

  /**
   * Starts {@code command} with exactly {@code env} (or this JVM's environment when null), output
   * and errors appended to {@code logFile}.
   */
  public static ChildProcess start(
      String name, List<String> command, Map<String, String> env, Path logFile) {
    List<String> wrapped = new ArrayList<>(List.of("bash", "-c", LIFELINE, name));
    wrapped.addAll(command);
    ProcessBuilder builder =
        new ProcessBuilder(wrapped)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    if (env != null) {
      builder.environment().clear();
      builder.environment().putAll(env);
    }
    try {
      Files.createDirectories(logFile.getParent());
      Files.writeString(
          logFile,
          "### " + String.join(" ", command) + System.lineSeparator(),
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
      return new ChildProcess(name, builder.start(), logFile);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start " + name, e);
    }
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  public Path logFile() {
    return logFile;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Completes with the exit code when the process ends. */
  public CompletableFuture<Integer> onExit() {
    return process.onExit().thenApply(Process::exitValue);
  }

  /** SIGTERM, then SIGKILL if the process has not exited within {@code grace}. */
  public void stop(Duration grace) {
    if (process.isAlive()) {
      process.destroy();
      if (!waitFor(grace)) {
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(10));
      }
    }
    cutLifeline();
  }

  /** SIGKILL: no shutdown hooks, no drain; what a crashed container looks like. */
  public void kill() {
    process.destroyForcibly();
    waitFor(Duration.ofSeconds(10));
    cutLifeline();
  }

  private boolean waitFor(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Ends the watcher subshell once the command is gone (its kill then hits nothing). */
  private void cutLifeline() {
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // the pipe is already closed: nothing left to release
    }
  }

  @Override
  public String toString() {
    return name + "[pid " + pid() + "]";
  }
}
