package io.kafkabluegreen.tests.system;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;

/**
 * How to build a {@link LocalSystem}. Names derive from one base name so that several systems can
 * share a broker; hashes are random, like Argo's pod-template hashes.
 *
 * @param name base of every name (the Rollout's name)
 * @param namespace Kubernetes namespace of the Rollout, its pods and the Lease
 * @param partitions partitions of the source topic
 * @param strategy the handover strategy (Rollout annotation, consumer group mode)
 * @param podsPerColor consumer-app processes started per color
 * @param appEnvironment extra environment of every pod (e.g. {@code KAFKA_GROUP_PROTOCOL})
 * @param colorEnvironment extra environment of the pods of one color, by hash (failure injection)
 * @param providerEnvironment extra environment of the provider
 * @param token bearer token of the provider and of the pods' lifecycle endpoints
 * @param logDir where the child processes' logs go
 */
public record SystemOptions(
    String name,
    String namespace,
    int partitions,
    Strategy strategy,
    String blueHash,
    String greenHash,
    int podsPerColor,
    Map<String, String> appEnvironment,
    Map<String, Map<String, String>> colorEnvironment,
    Map<String, String> providerEnvironment,
    String token,
    Path logDir) {

  private static final SecureRandom RANDOM = new SecureRandom();

  public SystemOptions {
    appEnvironment = Map.copyOf(appEnvironment);
    colorEnvironment = Map.copyOf(colorEnvironment);
    providerEnvironment = Map.copyOf(providerEnvironment);
  }

  /** Strategy C, 4 partitions, 2 pods per color, random hashes and token. */
  public static SystemOptions of(String name, Path logDir) {
    return new SystemOptions(
        name,
        "kbg",
        4,
        Strategy.PAUSE_RESUME,
        randomHash(),
        randomHash(),
        2,
        Map.of(),
        Map.of(),
        Map.of(),
        "token-" + randomHash(),
        logDir.resolve(name));
  }

  public String rollout() {
    return name;
  }

  public String topic() {
    return name + "-orders";
  }

  public String auditTopic() {
    return name + "-audit";
  }

  /** The consumer group (the base name in per-revision mode). */
  public String group() {
    return name + "-processor";
  }

  public String leaseName() {
    return name + "-kafka-active";
  }

  public SystemOptions withStrategy(Strategy value) {
    return new SystemOptions(
        name,
        namespace,
        partitions,
        value,
        blueHash,
        greenHash,
        podsPerColor,
        appEnvironment,
        colorEnvironment,
        providerEnvironment,
        token,
        logDir);
  }

  public SystemOptions withPartitions(int value) {
    return new SystemOptions(
        name,
        namespace,
        value,
        strategy,
        blueHash,
        greenHash,
        podsPerColor,
        appEnvironment,
        colorEnvironment,
        providerEnvironment,
        token,
        logDir);
  }

  public SystemOptions withPodsPerColor(int value) {
    return new SystemOptions(
        name,
        namespace,
        partitions,
        strategy,
        blueHash,
        greenHash,
        value,
        appEnvironment,
        colorEnvironment,
        providerEnvironment,
        token,
        logDir);
  }

  /** Adds an environment variable to every pod. */
  public SystemOptions withAppEnv(String key, String value) {
    Map<String, String> env = new HashMap<>(appEnvironment);
    env.put(key, value);
    return new SystemOptions(
        name,
        namespace,
        partitions,
        strategy,
        blueHash,
        greenHash,
        podsPerColor,
        env,
        colorEnvironment,
        providerEnvironment,
        token,
        logDir);
  }

  /** Adds an environment variable to the pods of {@code hash} only. */
  public SystemOptions withColorEnv(String hash, String key, String value) {
    Map<String, Map<String, String>> all = new HashMap<>(colorEnvironment);
    Map<String, String> env = new HashMap<>(all.getOrDefault(hash, Map.of()));
    env.put(key, value);
    all.put(hash, Map.copyOf(env));
    return new SystemOptions(
        name,
        namespace,
        partitions,
        strategy,
        blueHash,
        greenHash,
        podsPerColor,
        appEnvironment,
        all,
        providerEnvironment,
        token,
        logDir);
  }

  /** Adds an environment variable to the provider. */
  public SystemOptions withProviderEnv(String key, String value) {
    Map<String, String> env = new HashMap<>(providerEnvironment);
    env.put(key, value);
    return new SystemOptions(
        name,
        namespace,
        partitions,
        strategy,
        blueHash,
        greenHash,
        podsPerColor,
        appEnvironment,
        colorEnvironment,
        env,
        token,
        logDir);
  }

  /** A pod-template-hash-like label value: 9 characters of [a-z0-9], starting with a letter. */
  public static String randomHash() {
    String letters = "abcdefghijklmnopqrstuvwxyz";
    String alphabet = letters + "0123456789";
    StringBuilder hash =
        new StringBuilder().append(letters.charAt(RANDOM.nextInt(letters.length())));
    for (int i = 1; i < 9; i++) {
      hash.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return hash.toString();
  }
}
