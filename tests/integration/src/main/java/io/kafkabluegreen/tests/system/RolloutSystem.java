package io.kafkabluegreen.tests.system;

import io.kafkabluegreen.lifecycle.lease.LeaseState;
import io.kafkabluegreen.tests.k8s.FakeCluster;
import io.kafkabluegreen.tests.kafka.KafkaBroker;
import io.kafkabluegreen.tests.process.HttpResult;
import io.kafkabluegreen.tests.process.ProviderHandle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * What every local system under a Rollout has, whatever its consumers are (consumer-app pods or
 * Connect clusters): the broker, the Rollout and its Lease in a fake API server, the provider as a
 * process; and the two ways a switch is driven: the Rollout's status moved as Argo moves it ({@link
 * #promote}, {@link #abort}, {@link #markStable}), or the provider's handover endpoint called as
 * the post-promotion analysis calls it ({@link #handover}).
 */
public abstract class RolloutSystem implements AutoCloseable {

  private final KafkaBroker broker;
  private final SystemOptions options;
  private final FakeCluster cluster;
  private ProviderHandle provider;

  protected RolloutSystem(KafkaBroker broker, SystemOptions options, FakeCluster cluster) {
    this.broker = broker;
    this.options = options;
    this.cluster = cluster;
  }

  /** The provider, once it runs: a system may start it only after its consumers exist. */
  protected void providerStarted(ProviderHandle provider) {
    this.provider = provider;
  }

  public SystemOptions options() {
    return options;
  }

  public KafkaBroker broker() {
    return broker;
  }

  public FakeCluster cluster() {
    return cluster;
  }

  /** The provider, or null before it was started. */
  public ProviderHandle provider() {
    return provider;
  }

  public String blue() {
    return options.blueHash();
  }

  public String green() {
    return options.greenHash();
  }

  /** blue for green, green for anything else. */
  public String other(String hash) {
    return hash.equals(blue()) ? green() : blue();
  }

  public LeaseState lease() {
    return cluster.lease(options.leaseName()).orElseThrow();
  }

  /** The hash the Lease names (the active revision once the Lease is Active). */
  public String leaseHolder() {
    return lease().holder();
  }

  /** Promotion as Argo does it: the active selector moves to {@code hash}. Returns when (ms). */
  public long promote(String hash) {
    long at = System.currentTimeMillis();
    cluster.rollouts().promote(options.rollout(), hash);
    return at;
  }

  /** Post-promotion analysis succeeded: {@code hash} becomes stableRS. */
  public void markStable(String hash) {
    cluster.rollouts().markStable(options.rollout(), hash);
  }

  /** The Rollout wanting and holding {@code hash}: promoted and stable, as after a release. */
  public void holdStable(String hash) {
    promote(hash);
    markStable(hash);
  }

  /** Abort as Argo does it: abort=true, active selector back to stableRS. Returns when (ms). */
  public long abort() {
    long at = System.currentTimeMillis();
    cluster.rollouts().abort(options.rollout());
    return at;
  }

  /** The provider's handover endpoint, as the post-promotion analysis calls it. */
  public HttpResult handover(String hash) {
    try {
      return provider.handover(options.namespace(), options.rollout(), hash);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The handover endpoint, waiting up to {@code wait} for the end. */
  public HttpResult handover(String hash, Duration wait) {
    try {
      return provider.handover(options.namespace(), options.rollout(), hash, wait);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public abstract void close();
}
