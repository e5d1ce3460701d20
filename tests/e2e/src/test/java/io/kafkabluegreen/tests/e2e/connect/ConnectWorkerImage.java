package io.kafkabluegreen.tests.e2e.connect;

import io.kafkabluegreen.tests.e2e.kubelet.PodLaunch;
import io.kafkabluegreen.tests.e2e.kubelet.PodRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * A test stand-in for a Kafka Connect container image (the project ships none): a real
 * distributed-mode worker ({@code ConnectDistributed} of {@code connect-runtime}, with {@code
 * connect-file}'s connectors) on the classpath tests/test-support resolved at build time. Like the
 * common Connect images, it is configured by its environment: every {@code CONNECT_X_Y} variable is
 * the worker property {@code x.y} ({@code CONNECT_GROUP_ID} → {@code group.id}), so a Rollout's pod
 * template decides which Connect cluster its pods form. Pods of one revision share a group id and
 * internal topics when the template derives them from the pod-template hash.
 */
public final class ConnectWorkerImage implements PodRuntime {

  /** The image's key ({@code kafka-bluegreen.test/connect-worker:<tag>} in a pod spec). */
  public static final String IMAGE_KEY = "connect-worker";

  /** Connect's default REST port, which the pods' templates use. */
  public static final int REST_PORT = 8083;

  private static final String PREFIX = "CONNECT_";
  private static final String CLASSPATH = "io/kafkabluegreen/tests/connect/connect.classpath";

  @Override
  public Launch prepare(PodLaunch launch) {
    Path properties = launch.runtimeDir().resolve("connect-distributed.properties");
    try {
      Files.createDirectories(launch.runtimeDir());
      try (Writer out = Files.newBufferedWriter(properties)) {
        workerProperties(launch.env()).store(out, "from the pod's CONNECT_* environment");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
            "-Dorg.slf4j.simpleLogger.showDateTime=true",
            "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS",
            // one line per REST request would bury the worker's own log under the test's polls
            "-Dorg.slf4j.simpleLogger.log.org.apache.kafka.connect.runtime.rest.RestServer=warn",
            "-cp",
            classpath(),
            "org.apache.kafka.connect.cli.ConnectDistributed",
            properties.toString());
    Map<String, String> env = new HashMap<>(launch.env());
    env.put("PATH", Objects.requireNonNullElse(System.getenv("PATH"), "/usr/bin:/bin"));
    return new Launch(command, env, () -> {});
  }

  /** All pods share the host's network: the listener binds the pod's own address. */
  @Override
  public Map<String, String> bindEnvironment(String podIp) {
    return Map.of("CONNECT_LISTENERS", "http://" + podIp + ":" + REST_PORT);
  }

  /**
   * What the image sets itself, then the {@code CONNECT_*} variables. The defaults are those a
   * single-broker test cluster needs (replication factor 1) and what the tests' records are (plain
   * strings); {@code ${env:NAME}} resolves in connector configs, so one config names a different
   * file in each revision's worker.
   */
  static Properties workerProperties(Map<String, String> env) {
    Properties p = new Properties();
    p.put("config.storage.replication.factor", "1");
    p.put("offset.storage.replication.factor", "1");
    p.put("status.storage.replication.factor", "1");
    p.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
    p.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
    p.put("config.providers", "env");
    p.put(
        "config.providers.env.class",
        "org.apache.kafka.common.config.provider.EnvVarConfigProvider");
    env.forEach(
        (name, value) -> {
          if (name.startsWith(PREFIX) && name.length() > PREFIX.length()) {
            String key = name.substring(PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
            p.put(key, value);
          }
        });
    return p;
  }

  private static String classpath() {
    try (InputStream in =
        ConnectWorkerImage.class.getClassLoader().getResourceAsStream(CLASSPATH)) {
      if (in == null) {
        throw new IllegalStateException(
            CLASSPATH + " missing: build tests/test-support with Maven");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
