package io.kafkabluegreen.tests.process;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * analysis-provider in a child JVM, configured from the environment as in its Deployment. A child
 * rather than in-process because the scenarios kill it with SIGKILL in the middle of a switch, and
 * because its Kubernetes client then configures itself exactly as in production.
 *
 * <p>{@link #restart()} starts a new process with the same environment, address and port.
 */
public final class ProviderHandle {

  public static final String MAIN_CLASS = "io.kafkabluegreen.provider.Main";
  private static final List<String> JVM_OPTIONS =
      List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

  private final String address;
  private final int port;
  private final Map<String, String> environment;
  private final Path logDir;
  private final List<String> jvmOptions;
  private final JsonHttp http;
  private JavaProcess process;
  private int generation;

  private ProviderHandle(
      String address,
      int port,
      Map<String, String> environment,
      Path logDir,
      List<String> jvmOptions) {
    this.address = address;
    this.port = port;
    this.environment = environment;
    this.logDir = logDir;
    this.jvmOptions = List.copyOf(jvmOptions);
    this.http = new JsonHttp(environment.get("PROVIDER_AUTH_TOKEN"));
  }

  /**
   * Starts the provider on {@code address} and a free port and waits until {@code /readyz} answers.
   *
   * @param environment {@code KAFKA_*}, {@code PROVIDER_*} and the Kubernetes client's variables
   */
  public static ProviderHandle start(String address, Map<String, String> environment, Path logDir) {
    return start(address, environment, logDir, JVM_OPTIONS);
  }

  /**
   * The same with the child's own JVM options instead of the tests' small and quick-starting ones
   * (a benchmark runs the provider with the full JIT, as its image does).
   */
  public static ProviderHandle start(
      String address, Map<String, String> environment, Path logDir, List<String> jvmOptions) {
    int port = LoopbackAddresses.freePort();
    Map<String, String> env = new HashMap<>(environment);
    env.put("PROVIDER_BIND_ADDRESS", address);
    env.put("PROVIDER_PORT", Integer.toString(port));
    ProviderHandle handle = new ProviderHandle(address, port, Map.copyOf(env), logDir, jvmOptions);
    handle.launch();
    return handle;
  }

  private synchronized void launch() {
    generation++;
    // every start is a new pod with a new name, hence a new leader-election identity
    Map<String, String> env = new HashMap<>(environment);
    env.putIfAbsent("POD_NAME", "analysis-provider-" + generation);
    process =
        JavaProcess.start(
            "analysis-provider-" + generation,
            ModuleClasspath.of("analysis-provider"),
            MAIN_CLASS,
            jvmOptions,
            env,
            logDir.resolve("analysis-provider-" + generation + ".log"));
    awaitReady(Duration.ofSeconds(60));
  }

  public String baseUrl() {
    return "http://" + address + ":" + port;
  }

  public synchronized JavaProcess process() {
    return process;
  }

  /** SIGKILL: the provider dies wherever it is, e.g. between Draining and the flip. */
  public synchronized void kill() {
    process.kill();
  }

  /** Starts a fresh process (after {@link #kill()}, or stops the running one first). */
  public synchronized void restart() {
    if (process.isAlive()) {
      process.terminate();
      process.awaitExit(Duration.ofSeconds(30));
    }
    launch();
  }

  public void close() {
    JavaProcess current = process();
    current.terminate();
    if (!current.awaitExit(Duration.ofSeconds(15))) {
      current.kill();
    }
  }

  /** {@code POST /v1/rollouts/{namespace}/{rollout}/handover?to={hash}} with the default wait. */
  public HttpResult handover(String namespace, String rollout, String hash) throws IOException {
    return http.post(
        rolloutUrl(namespace, rollout) + "/handover?to=" + hash, Duration.ofSeconds(60));
  }

  /** The same with {@code waitMs}: how long the provider may take before answering InProgress. */
  public HttpResult handover(String namespace, String rollout, String hash, Duration wait)
      throws IOException {
    return http.post(
        rolloutUrl(namespace, rollout) + "/handover?to=" + hash + "&waitMs=" + wait.toMillis(),
        wait.plusSeconds(30));
  }

  /** {@code GET /v1/rollouts/{namespace}/{rollout}/handover}. */
  public HttpResult handoverState(String namespace, String rollout) throws IOException {
    return http.get(rolloutUrl(namespace, rollout) + "/handover", Duration.ofSeconds(15));
  }

  /** {@code GET /v1/rollouts/{namespace}/{rollout}/revisions/{hash}}. */
  public HttpResult revision(String namespace, String rollout, String hash) throws IOException {
    return http.get(rolloutUrl(namespace, rollout) + "/revisions/" + hash, Duration.ofSeconds(15));
  }

  /** {@code GET /v1/lag?group={group}}: the web metric Argo's lag analysis reads. */
  public HttpResult lag(String group) throws IOException {
    return http.get(
        baseUrl()
            + "/v1/lag?group="
            + java.net.URLEncoder.encode(group, java.nio.charset.StandardCharsets.UTF_8),
        Duration.ofSeconds(15));
  }

  private String rolloutUrl(String namespace, String rollout) {
    return baseUrl() + "/v1/rollouts/" + namespace + "/" + rollout;
  }

  private void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "analysis-provider exited with " + process.exitValue() + ":\n" + process.logTail(40));
      }
      try {
        if (http.get(baseUrl() + "/readyz", Duration.ofSeconds(2)).ok()) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
    }
    throw new IllegalStateException(
        "analysis-provider not ready within " + timeout + ":\n" + process.logTail(40));
  }
}
