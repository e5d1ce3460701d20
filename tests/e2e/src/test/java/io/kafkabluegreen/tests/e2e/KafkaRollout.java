package io.kafkabluegreen.tests.e2e;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kafkabluegreen.tests.e2e.helm.ProviderRelease;
import io.kafkabluegreen.tests.e2e.rollouts.RolloutTimeline;
import io.kafkabluegreen.tests.e2e.rollouts.Rollouts;
import io.kafkabluegreen.tests.e2e.rollouts.RolloutsPlugin;
import io.kafkabluegreen.tests.kafka.KafkaBroker;
import java.util.Map;

/**
 * One test's whole system in its own namespace: topics on the shared broker, analysis-provider
 * installed by the chart (watching only this namespace, under its own ServiceAccount), the
 * project's real Rollout and AnalysisTemplates, a watch on the Rollout for timings, and a load
 * producer when started.
 */
public final class KafkaRollout implements AutoCloseable {

  /** The Lease named in {@code rollouts/consumer-app-rollout.yaml}. */
  public static final String LEASE = "consumer-app-kafka-active";

  private static final int REPLICAS = 2;

  private final E2eCluster cluster;
  private final String namespace;
  private final KafkaLoad kafka;
  private final ProviderRelease provider;
  private final RolloutTimeline timeline;

  private KafkaRollout(
      E2eCluster cluster,
      String namespace,
      KafkaLoad kafka,
      ProviderRelease provider,
      RolloutTimeline timeline) {
    this.cluster = cluster;
    this.namespace = namespace;
    this.kafka = kafka;
    this.provider = provider;
    this.timeline = timeline;
  }

  /** Creates everything and applies the Rollout; returns at once (the first deploy runs on). */
  public static KafkaRollout deploy(E2eCluster cluster, String prefix, boolean autoPromotion) {
    String ns = cluster.createNamespace(prefix);
    KafkaLoad kafka = KafkaLoad.forNamespace(KafkaBroker.shared(), ns);
    ProviderRelease provider =
        ProviderRelease.install(cluster, ns, kafka.bootstrapServers(), Map.of());
    ConsumerAppDeployment.apply(
        cluster.client(),
        ns,
        E2eCluster.repo(),
        new ConsumerAppDeployment.Settings(
            kafka.bootstrapServers(),
            kafka.topic(),
            kafka.group(),
            kafka.auditTopic(),
            provider.baseUrl(),
            REPLICAS,
            autoPromotion));
    RolloutTimeline timeline =
        RolloutTimeline.watch(cluster.client(), ns, ConsumerAppDeployment.ROLLOUT);
    return new KafkaRollout(cluster, ns, kafka, provider, timeline);
  }

  public String namespace() {
    return namespace;
  }

  public Rollouts rollouts() {
    return new Rollouts(cluster.client(), namespace);
  }

  public RolloutsPlugin plugin() {
    return cluster.plugin();
  }

  public RolloutTimeline timeline() {
    return timeline;
  }

  /** {@code spec.holderIdentity} of the Lease: the hash allowed to consume. */
  public String leaseHolder() {
    return rollouts().leaseHolder(LEASE);
  }

  /** The topics, the load and the audit. */
  public KafkaLoad kafka() {
    return kafka;
  }

  private KubernetesClient client() {
    return cluster.client();
  }

  /** Stops the load and the provider and deletes the namespace (the kubelet stops the pods). */
  @Override
  public void close() {
    kafka.stop();
    timeline.close();
    provider.close();
    client().namespaces().withName(namespace).delete();
  }
}
