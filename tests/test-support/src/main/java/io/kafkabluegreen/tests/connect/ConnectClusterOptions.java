package io.kafkabluegreen.tests.connect;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * How to start a test Kafka Connect cluster (distributed mode, one child JVM per worker).
 *
 * @param clusterId the workers' {@code group.id}, and the prefix of the cluster's three internal
 *     topics {@code <clusterId>-configs}, {@code -offsets} and {@code -status}; two clusters on one
 *     broker need two ids
 * @param workers how many worker JVMs the cluster runs
 * @param restHost the loopback address every worker's REST listener binds and advertises (e.g.
 *     {@code 127.0.0.5} to tell one cluster's requests from another's)
 * @param env variables added to every worker JVM's environment; a connector config reads them as
 *     {@code ${env:NAME}} (e.g. {@code file=${env:KBG_SINK_FILE}})
 * @param workDir each worker's working directory (relative file names in connector configs resolve
 *     against it)
 * @param logDir where each worker's log file and properties file go
 * @param extraConfig worker properties that replace the defaults {@link WorkerProperties} writes
 */
public record ConnectClusterOptions(
    String clusterId,
    int workers,
    String restHost,
    Map<String, String> env,
    Path workDir,
    Path logDir,
    Map<String, String> extraConfig) {

  public ConnectClusterOptions {
    if (workers < 1) {
      throw new IllegalArgumentException("a Connect cluster needs at least one worker");
    }
    env = Map.copyOf(env);
    extraConfig = Map.copyOf(extraConfig);
  }

  /** One worker on 127.0.0.1, no extra environment, files under the module's {@code target/}. */
  public static ConnectClusterOptions defaults(String clusterId) {
    Path base = baseDir();
    return new ConnectClusterOptions(
        clusterId,
        1,
        "127.0.0.1",
        Map.of(),
        base.resolve("connect-work").resolve(clusterId),
        base.resolve("connect-logs"),
        Map.of());
  }

  public ConnectClusterOptions withWorkers(int count) {
    return new ConnectClusterOptions(clusterId, count, restHost, env, workDir, logDir, extraConfig);
  }

  public ConnectClusterOptions withRestHost(String host) {
    return new ConnectClusterOptions(clusterId, workers, host, env, workDir, logDir, extraConfig);
  }

  public ConnectClusterOptions withEnv(Map<String, String> variables) {
    return new ConnectClusterOptions(
        clusterId, workers, restHost, variables, workDir, logDir, extraConfig);
  }

  /** Adds (or replaces) one environment variable of every worker JVM. */
  public ConnectClusterOptions withEnv(String name, String value) {
    return withEnv(plus(env, name, value));
  }

  public ConnectClusterOptions withWorkDir(Path dir) {
    return new ConnectClusterOptions(clusterId, workers, restHost, env, dir, logDir, extraConfig);
  }

  public ConnectClusterOptions withLogDir(Path dir) {
    return new ConnectClusterOptions(clusterId, workers, restHost, env, workDir, dir, extraConfig);
  }

  public ConnectClusterOptions withExtraConfig(Map<String, String> properties) {
    return new ConnectClusterOptions(
        clusterId, workers, restHost, env, workDir, logDir, properties);
  }

  /** Adds (or replaces) one worker property, e.g. {@code scheduled.rebalance.max.delay.ms}. */
  public ConnectClusterOptions withExtraConfig(String key, String value) {
    return withExtraConfig(plus(extraConfig, key, value));
  }

  private static Map<String, String> plus(Map<String, String> map, String key, String value) {
    Map<String, String> copy = new HashMap<>(map);
    copy.put(key, value);
    return copy;
  }

  private static Path baseDir() {
    Path target = Path.of("target");
    return target.toFile().isDirectory() ? target : Path.of(System.getProperty("java.io.tmpdir"));
  }
}
