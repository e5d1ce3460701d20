package io.kafkabluegreen.tests.system;

import io.kafkabluegreen.tests.k8s.FakeCluster;
import io.kafkabluegreen.tests.k8s.RolloutDefinition;
import io.kafkabluegreen.tests.kafka.KafkaBroker;
import io.kafkabluegreen.tests.load.LoadOptions;
import io.kafkabluegreen.tests.load.LoadProducer;
import io.kafkabluegreen.tests.process.ConsumerAppProcess;
import io.kafkabluegreen.tests.process.HttpResult;
import io.kafkabluegreen.tests.process.LoopbackAddresses;
import io.kafkabluegreen.tests.process.ProviderHandle;
import io.kafkabluegreen.tests.validate.AuditValidator;
import io.kafkabluegreen.tests.validate.MembershipSampler;
import io.kafkabluegreen.tests.validate.ValidationResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The whole blue/green system on one machine: a real broker (given), a fake Kubernetes API with the
 * Rollout, its Pods and the Lease, analysis-provider and consumer-app processes of both colors.
 * Blue starts active (the Lease names it, the Rollout has it stable and active), green is deployed
 * behind the preview selector and waits in STANDBY — the state Argo Rollouts reaches just before a
 * promotion.
 *
 * <p>The switch can then be driven as Argo drives it ({@link #promote}, {@link #abort}, {@link
 * #markStable} move the Rollout's status; the provider's watcher acts) or by calling the provider's
 * handover endpoint directly ({@link #handover}).
 */
public final class LocalSystem extends RolloutSystem {

  private final ConsumerPods pods;

  private LocalSystem(
      KafkaBroker broker,
      SystemOptions options,
      FakeCluster cluster,
      ProviderHandle provider,
      ConsumerPods pods) {
    super(broker, options, cluster);
    providerStarted(provider);
    this.pods = pods;
  }

  /** Creates topics, Lease and Rollout, starts the provider and both colors' pods. */
  public static LocalSystem start(KafkaBroker broker, SystemOptions options) {
    broker.createTopic(options.topic(), options.partitions());
    broker.createTopic(options.auditTopic(), options.partitions());
    FakeCluster cluster = FakeCluster.start(options.namespace());
    int lifecyclePort = LoopbackAddresses.freePort();
    cluster.createLease(options.leaseName(), options.blueHash());
    cluster
        .rollouts()
        .create(
            new RolloutDefinition(
                options.rollout(),
                options.rollout(),
                options.group(),
                options.leaseName(),
                lifecyclePort,
                options.strategy().annotation(),
                options.podsPerColor()),
            options.blueHash());
    cluster.rollouts().deploy(options.rollout(), options.greenHash());
    ProviderHandle provider =
        ProviderHandle.start(
            LoopbackAddresses.next(),
            SystemEnvironment.provider(broker, options, cluster),
            options.logDir());
    ConsumerPods pods =
        new ConsumerPods(
            cluster,
            options,
            lifecyclePort,
            hash -> SystemEnvironment.pod(broker, options, cluster, hash));
    LocalSystem system = new LocalSystem(broker, options, cluster, provider, pods);
    try {
      pods.start(options.blueHash(), options.podsPerColor());
      pods.start(options.greenHash(), options.podsPerColor());
    } catch (RuntimeException e) {
      system.close();
      throw e;
    }
    return system;
  }

  /** The live pods of {@code hash}. */
  public List<ConsumerAppProcess> pods(String hash) {
    return pods.ofHash(hash);
  }

  /** Starts one more pod of {@code hash} (a scale-up or a replacement) and waits until Ready. */
  public ConsumerAppProcess addPod(String hash) {
    return pods.start(hash, 1).get(0);
  }

  /**
   * A new revision, as when the pod template changes: Argo scales up {@code count} pods of {@code
   * hash} behind the preview selector ({@code extraEnvironment} e.g. injects a failure).
   */
  public List<ConsumerAppProcess> deployRevision(
      String hash, int count, Map<String, String> extraEnvironment) {
    cluster().rollouts().deploy(options().rollout(), hash);
    return pods.start(hash, count, extraEnvironment);
  }

  /** SIGKILL a pod; its Pod object is deleted. */
  public void killPod(ConsumerAppProcess pod) {
    pods.kill(pod);
  }

  /** Deletes a pod as Kubernetes does when a ReplicaSet scales down (SIGTERM, grace, gone). */
  public void deletePod(ConsumerAppProcess pod) {
    pods.delete(pod);
  }

  /**
   * Waits until no member of the groups runs in {@code pod}: a killed pod's member stays until its
   * session times out, and with standby membership it would hold up the next switch.
   */
  public void awaitMemberGone(ConsumerAppProcess pod, java.time.Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        boolean gone =
            broker()
                .admin()
                .describeConsumerGroups(allGroups())
                .all()
                .get(5, java.util.concurrent.TimeUnit.SECONDS)
                .values()
                .stream()
                .flatMap(g -> g.members().stream())
                .noneMatch(m -> m.clientId().contains(pod.podName()));
        if (gone) {
          return;
        }
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        // asked again below
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            pod.podName() + "'s group member still there after " + timeout);
      }
      java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L);
    }
  }

  /** The consumer group(s) the two colors use. */
  public List<String> groups() {
    return options().strategy().groups(options().group(), List.of(blue(), green()));
  }

  /** The consumer group(s) of every hash that has pods now (a third revision included). */
  public List<String> allGroups() {
    List<String> hashes =
        pods.all().stream().map(ConsumerAppProcess::hash).distinct().sorted().toList();
    return options().strategy().groups(options().group(), hashes);
  }

  /**
   * Records not yet committed by {@code group}: end offset minus committed offset, summed over the
   * source topic's partitions (a partition without a commit counts from its log start).
   */
  public long lag(String group) {
    return GroupLag.total(broker().admin(), options().topic(), options().partitions(), group);
  }

  /** The group the pods of {@code hash} join. */
  public String groupOf(String hash) {
    return options().strategy().groups(options().group(), List.of(hash)).get(0);
  }

  /** Load on the source topic at {@code ratePerSecond}, until stopped. */
  public LoadProducer startLoad(int ratePerSecond) {
    return LoadProducer.start(
        broker().clientProperties(), LoadOptions.of(options().topic(), ratePerSecond));
  }

  /** Samples the group(s) every 25 ms. */
  public MembershipSampler sampleMembership() {
    return MembershipSampler.start(broker().admin(), groups(), Duration.ofMillis(25));
  }

  public AuditValidator validator() {
    return new AuditValidator(broker().clientProperties());
  }

  /** Waits until every record produced so far is audited (or the timeout), then judges. */
  public ValidationResult awaitAllProcessed(Duration timeout) {
    return validator()
        .awaitAllProcessed(List.of(options().topic()), options().auditTopic(), timeout);
  }

  /**
   * Waits until {@code hash} consumes alone: its live pods {@code ACTIVE} and holding every
   * partition, every other live pod {@code STANDBY} and holding none ({@code /lifecycle/status}).
   */
  public void awaitConsuming(String hash, Duration timeout) {
    pods.awaitOnlyConsuming(hash, timeout, () -> "lease " + lease());
  }

  /** The provider's revision health of {@code hash}. */
  public HttpResult revision(String hash) {
    try {
      return provider().revision(options().namespace(), options().rollout(), hash);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    pods.stopAll();
    provider().close();
    cluster().close();
  }
}
