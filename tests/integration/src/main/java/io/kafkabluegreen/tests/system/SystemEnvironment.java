package io.kafkabluegreen.tests.system;

import io.kafkabluegreen.tests.k8s.FakeCluster;
import io.kafkabluegreen.tests.kafka.KafkaBroker;
import java.util.HashMap;
import java.util.Map;

/**
 * The environment of each child process, as its Kubernetes manifest would set it:
 * consumer-app/README.md for the pods, the provider's {@code ProviderConfig} for the provider, and
 * fabric8's variables pointing both at the fake API server.
 */
public final class SystemEnvironment {

  private SystemEnvironment() {}

  static Map<String, String> pod(
      KafkaBroker broker, SystemOptions options, FakeCluster cluster, String hash) {
    Map<String, String> env = new HashMap<>(cluster.clientEnvironment());
    env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
    env.put("APP_TOPICS", options.topic());
    env.put("APP_GROUP", options.group());
    env.put("APP_AUDIT_TOPIC", options.auditTopic());
    env.put("LIFECYCLE_LEASE_NAME", options.leaseName());
    env.put("LIFECYCLE_GROUP_MODE", options.strategy().groupMode());
    env.put("LIFECYCLE_AUTH_TOKEN", options.token());
    env.put("POD_NAMESPACE", options.namespace());
    env.putAll(options.appEnvironment());
    env.putAll(options.colorEnvironment().getOrDefault(hash, Map.of()));
    return env;
  }

  public static Map<String, String> provider(
      KafkaBroker broker, SystemOptions options, FakeCluster cluster) {
    Map<String, String> env = new HashMap<>(cluster.clientEnvironment());
    env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
    env.put("PROVIDER_AUTH_TOKEN", options.token());
    env.put("PROVIDER_LIFECYCLE_TOKEN", options.token());
    env.put("PROVIDER_WATCH_NAMESPACE", options.namespace());
    env.put("POD_NAMESPACE", options.namespace());
    env.putAll(options.providerEnvironment());
    return env;
  }
}
