package io.kafkabluegreen.provider.watch;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kafkabluegreen.provider.handover.HandoverConflictException;
import io.kafkabluegreen.provider.handover.HandoverCoordinator;
import io.kafkabluegreen.provider.handover.HandoverPhase;
import io.kafkabluegreen.provider.handover.HandoverResult;
import io.kafkabluegreen.provider.handover.HandoverStrategy;
import io.kafkabluegreen.provider.handover.LeaseSnapshot;
import io.kafkabluegreen.provider.handover.LeaseStore;
import io.kafkabluegreen.provider.handover.Strategies;
import io.kafkabluegreen.provider.rollout.InvalidRolloutException;
import io.kafkabluegreen.provider.rollout.ManagedRollout;
import io.kafkabluegreen.provider.rollout.RolloutReader;
import io.kafkabluegreen.provider.rollout.RolloutRef;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.utils.ThreadUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes Argo's decisions reach Kafka where Argo has no hook (docs/design.md §4): an informer on
 * Rollouts annotated {@code kafka-bluegreen.io/consumer-group}; whenever the hash Argo wants active
 * ({@code status.stableRS} while aborted, else {@code status.blueGreen.activeSelector}) is not the
 * Lease's Active holder — or the Lease is stuck Draining — it runs the handover through the shared
 * {@link HandoverCoordinator}. Only acts while {@link #leading(boolean) leading}. Failed handovers
 * are retried with a doubling backoff; every Rollout is looked at again on each resync.
 */
public final class RolloutWatcher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RolloutWatcher.class);

  /** When a failed handover towards {@code target} may be tried again. */
  private record Backoff(String target, long notBeforeNanos, Duration delay) {}

  private final KubernetesClient client;
  private final WatcherOptions options;
  private final HandoverCoordinator coordinator;
  private final LeaseStore leases;
  private final Strategies strategies;
  private final ScheduledExecutorService queue;
  private final Set<RolloutRef> pending = ConcurrentHashMap.newKeySet();
  private final Set<RolloutRef> delayed = ConcurrentHashMap.newKeySet();
  private final Map<RolloutRef, Backoff> backoffs = new ConcurrentHashMap<>();
  private final Map<RolloutRef, String> reportedInvalid = new ConcurrentHashMap<>();
  private final AtomicBoolean leading = new AtomicBoolean();
  private SharedIndexInformer<GenericKubernetesResource> informer;

  public RolloutWatcher(
      KubernetesClient client,
      WatcherOptions options,
      HandoverCoordinator coordinator,
      LeaseStore leases,
      Strategies strategies) {
    this.client = client;
    this.options = options;
    this.coordinator = coordinator;
    this.leases = leases;
    this.strategies = strategies;
    this.queue =
        Executors.newSingleThreadScheduledExecutor(
            ThreadUtils.createThreadFactory("rollout-watcher", true));
    coordinator.onFinished(this::enqueue);
  }

  /** Starts the informer; nothing is acted on before {@link #leading(boolean) leading(true)}. */
  public void start() {
    var rollouts = client.genericKubernetesResources(RolloutReader.ROLLOUTS);
    var scope =
        options.namespace().isPresent()
            ? rollouts.inNamespace(options.namespace().get())
            : rollouts.inAnyNamespace();
    // Started without waiting for the first list: an API server that is not reachable yet must not
    // stop the provider from serving; the informer keeps retrying until it is.
    informer = scope.runnableInformer(options.resync().toMillis());
    informer.addEventHandler(new Handler());
    informer.exceptionHandler(
        (started, failure) -> {
          LOG.warn("Rollout informer failed, retrying: {}", failure.toString());
          return true;
        });
    informer.start();
    LOG.info(
        "Watching Rollouts in {} (resync every {} s)",
        options.namespace().orElse("all namespaces"),
        options.resync().toSeconds());
  }

  /** Leadership changed: a new leader looks at every Rollout at once. */
  public void leading(boolean nowLeading) {
    leading.set(nowLeading);
    if (nowLeading && informer != null) {
      informer.getStore().list().forEach(r -> enqueue(refOf(r)));
    }
  }

  public boolean isLeading() {
    return leading.get();
  }

  private void enqueue(RolloutRef ref) {
    enqueue(ref, Duration.ZERO);
  }

  private void enqueue(RolloutRef ref, Duration delay) {
    Set<RolloutRef> dedupe = delay.isZero() ? pending : delayed;
    if (!dedupe.add(ref)) {
      return;
    }
    queue.schedule(
        () -> {
          dedupe.remove(ref);
          try {
            reconcile(ref);
          } catch (RuntimeException e) {
            LOG.warn(
                "Reconciling Rollout {} failed, retrying in {}: {}",
                ref,
                options.retryBackoff(),
                e.toString());
            enqueue(ref, options.retryBackoff());
          }
        },
        delay.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private void reconcile(RolloutRef ref) {
    if (!leading.get() || informer == null) {
      return;
    }
    GenericKubernetesResource resource =
        informer.getStore().getByKey(ref.namespace() + "/" + ref.name());
    if (resource == null || !ManagedRollout.isManaged(resource)) {
      backoffs.remove(ref);
      return;
    }
    ManagedRollout rollout;
    try {
      rollout = ManagedRollout.from(resource);
      reportedInvalid.remove(ref);
    } catch (InvalidRolloutException e) {
      String version = resource.getMetadata().getResourceVersion();
      if (!version.equals(reportedInvalid.put(ref, version))) {
        LOG.warn("Ignoring Rollout {}: {}", ref, e.getMessage());
      }
      return;
    }
    Optional<String> desired = rollout.desiredHash();
    if (desired.isEmpty() || coordinator.running(ref).isPresent()) {
      return; // Argo has not chosen yet, or a handover runs and re-enqueues this Rollout when done
    }
    Optional<LeaseSnapshot> lease = leases.read(ref.namespace(), rollout.leaseName());
    HandoverStrategy strategy = strategies.of(rollout);
    boolean agrees = lease.isPresent() && lease.get().state().allowsConsumption(desired.get());
    if (agrees && strategy.started(rollout, desired.get())) {
      backoffs.remove(ref);
      strategy.cleanUp(rollout, lease.get().state());
      return;
    }
    Backoff backoff = backoffs.get(ref);
    if (backoff != null && backoff.target().equals(desired.get())) {
      long wait = backoff.notBeforeNanos() - System.nanoTime();
      if (wait > 0) {
        enqueue(ref, Duration.ofNanos(wait));
        return;
      }
    }
    LOG.info(
        "Rollout {} wants {} active{}; the Lease says {}{}: handing over",
        ref,
        desired.get(),
        rollout.status().aborted() ? " (aborted)" : "",
        lease.map(l -> l.state().holder() + "/" + l.state().phase().wire()).orElse("nothing"),
        agrees ? " but its side is not running" : "");
    try {
      coordinator
          .start(rollout, desired.get(), "watcher")
          .result()
          .whenComplete((result, failure) -> settle(ref, desired.get(), result));
    } catch (HandoverConflictException e) {
      LOG.debug("Rollout {}: {}", ref, e.getMessage());
    }
  }

  /** Remembers a failure so that the next attempt towards the same hash waits a little longer. */
  private void settle(RolloutRef ref, String target, HandoverResult result) {
    if (result != null && result.phase() == HandoverPhase.ACTIVE) {
      backoffs.remove(ref);
      return;
    }
    Backoff before = backoffs.get(ref);
    Duration delay =
        before == null || !before.target().equals(target)
            ? options.retryBackoff()
            : min(before.delay().multipliedBy(2), options.retryBackoffMax());
    backoffs.put(ref, new Backoff(target, System.nanoTime() + delay.toNanos(), delay));
    LOG.warn(
        "Handover of {} to {} did not succeed ({}); next attempt in {} ms",
        ref,
        target,
        result == null ? "refused" : result.reason(),
        delay.toMillis());
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static RolloutRef refOf(GenericKubernetesResource r) {
    return new RolloutRef(r.getMetadata().getNamespace(), r.getMetadata().getName());
  }

  @Override
  public void close() {
    leading.set(false);
    if (informer != null) {
      informer.close();
    }
    queue.shutdownNow();
  }

  private final class Handler implements ResourceEventHandler<GenericKubernetesResource> {
    @Override
    public void onAdd(GenericKubernetesResource rollout) {
      enqueue(refOf(rollout));
    }

    @Override
    public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource after) {
      enqueue(refOf(after));
    }

    @Override
    public void onDelete(GenericKubernetesResource rollout, boolean finalStateUnknown) {
      backoffs.remove(refOf(rollout));
    }
  }
}
