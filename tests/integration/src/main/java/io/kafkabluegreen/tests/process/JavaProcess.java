package io.kafkabluegreen.tests.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM with its own environment and log file, and the POSIX signals a test needs: SIGTERM
 * (graceful), SIGKILL (crash), SIGSTOP/SIGCONT (a process that stops answering without dying).
 *
 * <p>The child starts from an empty environment plus {@code PATH}, {@code HOME} and what the caller
 * passes, so that nothing of the caller's environment (a {@code KUBECONFIG}, a stray {@code
 * KAFKA_*} variable) leaks into its configuration.
 */
public final class JavaProcess {

  private final String name;
  private final Process process;
  private final Path logFile;

  private JavaProcess(String name, Process process, Path logFile) {
    this.name = name;
    this.process = process;
    this.logFile = logFile;
  }

  public static JavaProcess start(
      String name,
      String classpath,
      String mainClass,
      List<String> jvmOptions,
      Map<String, String> environment,
      Path logFile) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(classpath);
    command.add(mainClass);
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    env.clear();
    for (String inherited : List.of("PATH", "HOME", "LANG", "TZ", "TMPDIR")) {
      String value = System.getenv(inherited);
      if (value != null) {
        env.put(inherited, value);
      }
    }
    env.putAll(environment);
    try {
      Files.createDirectories(logFile.toAbsolutePath().getParent());
      Process process =
          builder
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
              .start();
      return new JavaProcess(name, process, logFile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public Path logFile() {
    return logFile;
  }

  /** SIGTERM: the process shuts down the way a Kubernetes pod is asked to. */
  public void terminate() {
    process.destroy();
  }

  /** SIGKILL and wait for the exit: no shutdown hook runs. */
  public void kill() {
    process.destroyForcibly();
    awaitExit(Duration.ofSeconds(10));
  }

  /** SIGSTOP: the process freezes, keeps its sockets and answers nothing. */
  public void freeze() {
    signal("STOP");
  }

  /** SIGCONT: a frozen process carries on where it stopped. */
  public void thaw() {
    signal("CONT");
  }

  public boolean awaitExit(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  public int exitValue() {
    return process.exitValue();
  }

  /** The last {@code lines} lines of the log, for failure messages. */
  public String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(logFile);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private void signal(String signal) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid())).start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill -" + signal + " " + pid() + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return name + "(pid " + pid() + ")";
  }
}
