package io.kafkabluegreen.tests.e2e;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kafkabluegreen.tests.e2e.rollouts.RolloutTimeline;
import io.kafkabluegreen.tests.e2e.rollouts.Rollouts;
import io.kafkabluegreen.tests.e2e.rollouts.RolloutsPlugin;
import io.kafkabluegreen.tests.kafka.KafkaBroker;
import io.kafkabluegreen.tests.load.LoadOptions;
import io.kafkabluegreen.tests.load.LoadProducer;
import io.kafkabluegreen.tests.process.ProviderHandle;
import io.kafkabluegreen.tests.validate.AuditValidator;
import io.kafkabluegreen.tests.validate.MembershipSampler;
import io.kafkabluegreen.tests.validate.MembershipStats;
import io.kafkabluegreen.tests.validate.ValidationResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One test's whole system in its own namespace: topics on the shared broker, analysis-provider in a
 * child JVM (watching only this namespace), the project's real Rollout and AnalysisTemplates, a
 * watch on the Rollout for timings, and a load producer when started.
 */
public final class KafkaRollout implements AutoCloseable {

  /** The Lease named in {@code rollouts/consumer-app-rollout.yaml}. */
  public static final String LEASE = "consumer-app-kafka-active";

  private static final int PARTITIONS = 6;
  private static final int REPLICAS = 2;

  private final E2eCluster cluster;
  private final String namespace;
  private final KafkaBroker broker;
  private final String topic;
  private final String auditTopic;
  private final ProviderHandle provider;
  private final RolloutTimeline timeline;
  private final String group;
  private LoadProducer load;
  private MembershipSampler sampler;
  private MembershipStats membership;

  private KafkaRollout(
      E2eCluster cluster,
      String namespace,
      KafkaBroker broker,
      String topic,
      String auditTopic,
      String group,
      ProviderHandle provider,
      RolloutTimeline timeline) {
    this.cluster = cluster;
    this.namespace = namespace;
    this.broker = broker;
    this.topic = topic;
    this.auditTopic = auditTopic;
    this.group = group;
    this.provider = provider;
    this.timeline = timeline;
  }

  /** Creates everything and applies the Rollout; returns at once (the first deploy runs on). */
  public static KafkaRollout deploy(E2eCluster cluster, String prefix, boolean autoPromotion) {
    String ns = cluster.createNamespace(prefix);
    KafkaBroker broker = KafkaBroker.shared();
    String topic = "orders-" + ns;
    String audit = "audit-" + ns;
    broker.createTopic(topic, PARTITIONS);
    broker.createTopic(audit, PARTITIONS);
    String providerToken = randomToken();
    String lifecycleToken = randomToken();
    Path logDir = cluster.controlPlane().logDir().resolve(ns);
    ProviderHandle provider =
        ProviderHandle.start(
            "127.0.0.1",
            Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
                "PROVIDER_AUTH_TOKEN", providerToken,
                "PROVIDER_LIFECYCLE_TOKEN", lifecycleToken,
                "PROVIDER_WATCH_NAMESPACE", ns,
                "PROVIDER_NAMESPACE", ns,
                "PROVIDER_IDENTITY", "provider-" + ns,
                "KUBECONFIG", kubeconfig(cluster, ns).toString()),
            logDir);
    ConsumerAppDeployment.apply(
        cluster.client(),
        ns,
        E2eCluster.repo(),
        new ConsumerAppDeployment.Settings(
            broker.bootstrapServers(),
            topic,
            "orders-" + ns,
            audit,
            provider.baseUrl(),
            providerToken,
            lifecycleToken,
            REPLICAS,
            autoPromotion));
    RolloutTimeline timeline =
        RolloutTimeline.watch(cluster.client(), ns, ConsumerAppDeployment.ROLLOUT);
    return new KafkaRollout(cluster, ns, broker, topic, audit, "orders-" + ns, provider, timeline);
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
    Lease lease = client().leases().inNamespace(namespace).withName(LEASE).get();
    return lease == null ? null : lease.getSpec().getHolderIdentity();
  }

  /**
   * Starts producing to the source topic at {@code ratePerSecond}, and sampling the group's members
   * every 50 ms (a second witness of dual activity, independent of the audit), until {@link
   * #stopLoad}.
   */
  public void startLoad(int ratePerSecond) {
    load = LoadProducer.start(broker.clientProperties(), LoadOptions.of(topic, ratePerSecond));
    sampler = MembershipSampler.start(broker.admin(), List.of(group), Duration.ofMillis(50));
  }

  public void stopLoad() {
    if (load != null) {
      load.stop();
      load = null;
    }
    if (sampler != null) {
      membership = sampler.stop();
      sampler = null;
    }
  }

  /** What the membership sampler saw between {@link #startLoad} and {@link #stopLoad}. */
  public MembershipStats membership() {
    return membership;
  }

  /** What the audit says right now, about everything produced so far. */
  public ValidationResult audit() {
    return new AuditValidator(broker.clientProperties()).validate(List.of(topic), auditTopic);
  }

  /** Waits until every produced record is audited (or {@code timeout}), then judges. */
  public ValidationResult auditAllProcessed(Duration timeout) {
    return new AuditValidator(broker.clientProperties())
        .awaitAllProcessed(List.of(topic), auditTopic, timeout);
  }

  private KubernetesClient client() {
    return cluster.client();
  }

  /** Stops the load and the provider and deletes the namespace (the kubelet stops the pods). */
  @Override
  public void close() {
    stopLoad();
    timeline.close();
    provider.close();
    client().namespaces().withName(namespace).delete();
  }

  private static Path kubeconfig(E2eCluster cluster, String ns) {
    try {
      Path dir = Files.createTempDirectory("kbg-e2e-provider-");
      dir.toFile().deleteOnExit();
      return cluster
          .controlPlane()
          .credentials()
          .writeKubeconfig(dir.resolve("kubeconfig"), cluster.controlPlane().masterUrl(), ns);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String randomToken() {
    byte[] raw = new byte[16];
    ThreadLocalRandom.current().nextBytes(raw);
    return HexFormat.of().formatHex(raw);
  }
}
