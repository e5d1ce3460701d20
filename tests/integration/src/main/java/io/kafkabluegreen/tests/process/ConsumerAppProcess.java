package io.kafkabluegreen.tests.process;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * One consumer-app "pod": the real consumer-app in a child JVM, bound to its own loopback address
 * (its pod IP), configured through the environment exactly as in Kubernetes
 * (consumer-app/README.md) and logging to its own file.
 */
public final class ConsumerAppProcess {

  public static final String MAIN_CLASS = "io.kafkabluegreen.app.Main";
  private static final List<String> JVM_OPTIONS =
      List.of("-Xmx160m", "-Xss512k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

  private final String podName;
  private final String hash;
  private final String podIp;
  private final int port;
  private final JavaProcess process;
  private final JsonHttp http;

  private ConsumerAppProcess(
      String podName, String hash, String podIp, int port, JavaProcess process, String token) {
    this.podName = podName;
    this.hash = hash;
    this.podIp = podIp;
    this.port = port;
    this.process = process;
    this.http = new JsonHttp(token);
  }

  /**
   * Starts the pod; returns at once (see {@link #awaitReady}).
   *
   * @param environment the app's environment (Kafka, topics, group, Lease, Kubernetes client); pod
   *     identity, bind address and port are added here
   */
  public static ConsumerAppProcess start(
      String podName,
      String hash,
      String podIp,
      int port,
      Map<String, String> environment,
      Path logDir) {
    Map<String, String> env = new HashMap<>(environment);
    env.put("POD_NAME", podName);
    env.put("POD_TEMPLATE_HASH", hash);
    env.put("APP_BIND_ADDRESS", podIp);
    env.put("APP_PORT", Integer.toString(port));
    JavaProcess process =
        JavaProcess.start(
            podName,
            ModuleClasspath.of("consumer-app"),
            MAIN_CLASS,
            JVM_OPTIONS,
            env,
            logDir.resolve(podName + ".log"));
    return new ConsumerAppProcess(
        podName, hash, podIp, port, process, environment.get("LIFECYCLE_AUTH_TOKEN"));
  }

  public String podName() {
    return podName;
  }

  public String hash() {
    return hash;
  }

  public String podIp() {
    return podIp;
  }

  public JavaProcess process() {
    return process;
  }

  public String baseUrl() {
    return "http://" + podIp + ":" + port;
  }

  /** Waits until {@code /readyz} answers 200; fails early if the process dies. */
  public void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            podName + " exited with " + process.exitValue() + ":\n" + process.logTail(40));
      }
      if (isReady()) {
        return;
      }
      LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
    }
    throw new IllegalStateException(
        podName + " not ready within " + timeout + ":\n" + process.logTail(40));
  }

  /** The readiness probe: {@code GET /readyz} answers 200. */
  public boolean isReady() {
    try {
      return http.get(baseUrl() + "/readyz", Duration.ofSeconds(2)).ok();
    } catch (IOException e) {
      return false;
    }
  }

  /** {@code GET /lifecycle/status}. */
  public HttpResult status() throws IOException {
    return http.get(baseUrl() + "/lifecycle/status", Duration.ofSeconds(5));
  }

  /** {@code POST /lifecycle/pause}. */
  public HttpResult pause() throws IOException {
    return http.post(baseUrl() + "/lifecycle/pause", Duration.ofSeconds(15));
  }

  /** {@code POST /lifecycle/resume}. */
  public HttpResult resume() throws IOException {
    return http.post(baseUrl() + "/lifecycle/resume", Duration.ofSeconds(15));
  }

  @Override
  public String toString() {
    return podName + "@" + podIp + " (pid " + process.pid() + ")";
  }
}
