package io.kafkabluegreen.lifecycle.lease;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the last known state of one active-color Lease, from an informer (watch with automatic
 * re-list), and tells the consumer when it changes. Losing the API server changes nothing: the last
 * known state stays, so an active pod keeps consuming and a standby pod stays standby.
 *
 * <p>When no Lease exists at start, it creates one naming this pod's hash (an atomic create; a 409
 * means another pod won, and the winner's Lease is read instead). When the Lease is deleted while
 * this pod's hash holds it, the holder re-creates it with the next epoch.
 */
public final class LeaseWatcher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LeaseWatcher.class);
  private static final Duration RETRY = Duration.ofSeconds(1);
  // The watch reconnects with an exponential backoff that reaches 32 s after a long API outage;
  // a cheap direct read on a fixed period bounds how stale the pod's view can get regardless.
  private static final Duration RESYNC = Duration.ofSeconds(5);

  private final KubernetesClient client;
  private final String namespace;
  private final String name;
  private final String hash;
  private final Duration timeout;
  private final Runnable onChange;
  private final AtomicReference<LeaseState> current = new AtomicReference<>();
  private final ScheduledExecutorService calls;
  private final ExecutorService requests;
  private SharedIndexInformer<Lease> informer;
  private volatile boolean closed;

  /**
   * @param timeout bound of one direct read or create
   * @param onChange called (on a Kubernetes thread) whenever the known state changes
   */
  public LeaseWatcher(
      KubernetesClient client,
      String namespace,
      String name,
      String hash,
      Duration timeout,
      Runnable onChange) {
    this.client = client;
    this.namespace = namespace;
    this.name = name;
    this.hash = hash;
    this.timeout = timeout;
    this.onChange = onChange;
    this.calls =
        Executors.newScheduledThreadPool(
            1,
            r -> {
              Thread t = new Thread(r, "lease-" + name);
              t.setDaemon(true);
              return t;
            });
    // requests run apart so that a hung API server cannot hold the caller past the timeout
    this.requests =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "lease-request-" + name);
              t.setDaemon(true);
              return t;
            });
  }

  /** Starts watching; never blocks on the API server. */
  public synchronized void start() {
    informer = client.leases().inNamespace(namespace).withName(name).runnableInformer(0);
    informer.exceptionHandler(
        (started, t) -> {
          LOG.debug(
              "Lease watch of {}/{} interrupted, retrying: {}", namespace, name, t.toString());
          return !closed;
        });
    informer.addEventHandler(new Handler());
    informer.start();
    calls.execute(this::bootstrap);
    calls.scheduleWithFixedDelay(
        this::resync, RESYNC.toMillis(), RESYNC.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The Lease as last seen, or empty when it was never read. */
  public Optional<LeaseState> current() {
    return Optional.ofNullable(current.get());
  }

  /**
   * Reads the Lease directly from the API server (bounded by the timeout) and records it if it is
   * not older than what the watch saw.
   *
   * @return the fresh state, or empty when there is no Lease
   * @throws LeaseUnavailableException when the API server does not answer in time
   */
  public Optional<LeaseState> refresh() {
    Lease lease = call(() -> client.leases().inNamespace(namespace).withName(name).get());
    if (lease == null) {
      return Optional.empty();
    }
    LeaseState fresh = LeaseState.decode(lease);
    accept(fresh, false);
    return Optional.of(fresh);
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (informer != null) {
      informer.close();
    }
    calls.shutdownNow();
    requests.shutdownNow();
  }

  private void bootstrap() {
    if (closed || current.get() != null) {
      return;
    }
    try {
      if (refresh().isEmpty()) {
        create(LeaseState.initial(namespace, name, hash), "no Lease existed");
      }
    } catch (RuntimeException e) {
      if (closed) {
        return;
      }
      LOG.warn("Cannot read Lease {}/{} yet, retrying: {}", namespace, name, e.toString());
      calls.schedule(this::bootstrap, RETRY.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void resync() {
    if (closed || current.get() == null) {
      return; // bootstrap owns the first read
    }
    try {
      refresh();
    } catch (RuntimeException e) {
      LOG.debug("Periodic read of Lease {}/{} failed: {}", namespace, name, e.toString());
    }
  }

  private void create(Lease lease, String why) {
    try {
      Lease created = call(() -> client.leases().inNamespace(namespace).resource(lease).create());
      LOG.info("Created Lease {}/{} naming {} ({})", namespace, name, hash, why);
      accept(LeaseState.decode(created), false);
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
      LOG.info("Lease {}/{} was created by another pod; reading it", namespace, name);
      refresh();
    }
  }

  private void recreateIfHeld(LeaseState last) {
    if (closed || last == null || !last.allowsConsumption(hash)) {
      return;
    }
    try {
      create(
          LeaseState.created(namespace, name, LeaseTransition.recreate(hash, last)),
          "the Lease was deleted");
    } catch (RuntimeException e) {
      LOG.warn("Cannot re-create deleted Lease {}/{}: {}", namespace, name, e.toString());
    }
  }

  private void accept(LeaseState state, boolean fromWatch) {
    LeaseState before;
    do {
      before = current.get();
      if (!fromWatch && before != null && state.epoch() < before.epoch()) {
        return; // a direct read that raced a newer watch event
      }
    } while (!current.compareAndSet(before, state));
    if (before == null
        || !before.holder().equals(state.holder())
        || before.phase() != state.phase()
        || before.epoch() != state.epoch()) {
      LOG.info(
          "Lease {}/{}: holder={} phase={} epoch={}",
          namespace,
          name,
          state.holder(),
          state.phase().wire(),
          state.epoch());
      onChange.run();
    }
  }

  private <T> T call(Supplier<T> request) {
    CompletableFuture<T> future = CompletableFuture.supplyAsync(request, requests);
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new LeaseUnavailableException("No answer from the API server in " + timeout, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof KubernetesClientException k && k.getCode() > 0) {
        throw k;
      }
      throw new LeaseUnavailableException("API server unreachable: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LeaseUnavailableException("Interrupted", e);
    }
  }

  /** The API server could not be asked. */
  public static final class LeaseUnavailableException extends RuntimeException {
    LeaseUnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final class Handler implements ResourceEventHandler<Lease> {
    @Override
    public void onAdd(Lease lease) {
      accept(LeaseState.decode(lease), true);
    }

    @Override
    public void onUpdate(Lease before, Lease after) {
      accept(LeaseState.decode(after), true);
    }

    @Override
    public void onDelete(Lease lease, boolean finalStateUnknown) {
      LeaseState last = current.get();
      LOG.warn("Lease {}/{} was deleted; keeping the last known state", namespace, name);
      calls.execute(() -> recreateIfHeld(last));
    }
  }
}
