package io.kafkabluegreen.provider.handover;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kafkabluegreen.lifecycle.lease.LeaseState;
import io.kafkabluegreen.provider.rollout.KubernetesUnavailableException;
import io.kafkabluegreen.provider.rollout.ManagedRollout;
import java.net.HttpURLConnection;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Reads and writes the active-color Lease (docs/design.md §4). Every write is a compare-and-swap on
 * {@code resourceVersion}: a write that lost a race answers empty, and the caller re-reads and
 * decides again.
 */
public final class LeaseStore {

  private final KubernetesClient client;

  public LeaseStore(KubernetesClient client) {
    this.client = client;
  }

  /**
   * The one compare-and-swap loop every Lease write of the provider goes through: {@code decide}
   * looks at the Lease as it is now (empty when there is none) and answers a {@link LeaseChange}; a
   * write that loses its race (409) or finds the Lease gone (404) re-reads the Lease and asks
   * {@code decide} again, at most {@code attempts} times in all, after which {@code exhausted}
   * answers. A write to an absent Lease is a create ({@link
   * io.kafkabluegreen.lifecycle.lease.LeaseTransition#CREATE}), one that lost to another creator
   * re-reads as well.
   */
  public <T> T change(
      String namespace,
      String name,
      Optional<LeaseSnapshot> start,
      int attempts,
      Function<Optional<LeaseSnapshot>, LeaseChange<T>> decide,
      Supplier<T> exhausted) {
    Optional<LeaseSnapshot> current = start;
    for (int attempt = 1; attempt <= attempts; attempt++) {
      LeaseChange<T> change = decide.apply(current);
      if (change instanceof LeaseChange.Stop<T> stop) {
        return stop.value();
      }
      LeaseState next =
          change instanceof LeaseChange.Write<T> w
              ? w.next()
              : ((LeaseChange.WriteAndDecide<T>) change).next();
      Optional<LeaseSnapshot> written =
          current.isEmpty() ? create(namespace, name, next) : compareAndSwap(current.get(), next);
      if (written.isPresent() && change instanceof LeaseChange.Write<T> w) {
        return w.then().apply(written.get());
      }
      // Written and to be decided again, or lost the race: decide from the Lease as it is now.
      current = written.isPresent() ? written : read(namespace, name);
    }
    return exhausted.get();
  }

  /** {@link #change} on the Lease of {@code rollout}. */
  public <T> T change(
      ManagedRollout rollout,
      Optional<LeaseSnapshot> start,
      int attempts,
      Function<Optional<LeaseSnapshot>, LeaseChange<T>> decide,
      Supplier<T> exhausted) {
    return change(
        rollout.ref().namespace(), rollout.leaseName(), start, attempts, decide, exhausted);
  }

  public Optional<LeaseSnapshot> read(String namespace, String name) {
    try {
      Lease lease = client.leases().inNamespace(namespace).withName(name).get();
      return Optional.ofNullable(lease).map(LeaseSnapshot::of);
    } catch (KubernetesClientException e) {
      throw new KubernetesUnavailableException("reading Lease " + namespace + "/" + name, e);
    }
  }

  /** Creates the Lease with {@code state}; empty when it already exists (someone else won). */
  public Optional<LeaseSnapshot> create(String namespace, String name, LeaseState state) {
    Lease base =
        new LeaseBuilder()
            .withMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build())
            .withNewSpec()
            .endSpec()
            .build();
    try {
      Lease created =
          client.leases().inNamespace(namespace).resource(state.encodeOnto(base)).create();
      return Optional.of(LeaseSnapshot.of(created));
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        return Optional.empty();
      }
      throw new KubernetesUnavailableException("creating Lease " + namespace + "/" + name, e);
    }
  }

  /**
   * Replaces {@code current} with {@code next} if nobody wrote the Lease since {@code current} was
   * read; empty when someone did (HTTP 409).
   */
  public Optional<LeaseSnapshot> compareAndSwap(LeaseSnapshot current, LeaseState next) {
    Lease lease = current.lease();
    LeaseState guarded =
        new LeaseState(
            next.holder(),
            next.phase(),
            next.target(),
            next.epoch(),
            lease.getMetadata().getResourceVersion());
    String namespace = lease.getMetadata().getNamespace();
    try {
      Lease updated =
          client.leases().inNamespace(namespace).resource(guarded.encodeOnto(lease)).update();
      return Optional.of(LeaseSnapshot.of(updated));
    } catch (KubernetesClientException e) {
      // 409: someone wrote in between; 404: someone deleted it. Either way: re-read, re-decide.
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT
          || e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
        return Optional.empty();
      }
      throw new KubernetesUnavailableException(
          "writing Lease " + namespace + "/" + lease.getMetadata().getName(), e);
    }
  }
}
