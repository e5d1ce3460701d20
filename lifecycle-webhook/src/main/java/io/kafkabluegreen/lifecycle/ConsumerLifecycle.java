package io.kafkabluegreen.lifecycle;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kafkabluegreen.common.http.BearerAuth;
import io.kafkabluegreen.lifecycle.LifecycleException.Reason;
import io.kafkabluegreen.lifecycle.http.LifecycleRoutes;
import io.kafkabluegreen.lifecycle.internal.PollLoop;
import io.kafkabluegreen.lifecycle.internal.StatusBoard;
import io.kafkabluegreen.lifecycle.lease.LeaseState;
import io.kafkabluegreen.lifecycle.lease.LeaseWatcher;
import io.kafkabluegreen.lifecycle.lease.LeaseWatcher.LeaseUnavailableException;
import io.kafkabluegreen.lifecycle.standby.StandbyView;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kafka consumer with a blue/green lifecycle: it owns the poll loop around your {@link
 * RecordHandler}, is a group member only while the active-color Lease names its revision, commits
 * only what the handler finished, and drains on request or on {@link #close()}.
 *
 * <pre>{@code
 * ConsumerLifecycle<String, String> lifecycle = ConsumerLifecycle.<String, String>builder()
 *     .options(LifecycleOptions.fromMap(System.getenv()))
 *     .kafka(kafkaProperties).topics(List.of("orders")).group("orders-processor")
 *     .deserializers(new StringDeserializer(), new StringDeserializer())
 *     .kubernetes(new KubernetesClientBuilder().build())
 *     .handler(record -> process(record))
 *     .build();
 * lifecycle.start();
 * lifecycle.routes().register(javalinApp);   // /lifecycle/{status,pause,resume}
 * }</pre>
 */
public final class ConsumerLifecycle<K, V> implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ConsumerLifecycle.class);
  private static final Duration CLOSE_SLACK = Duration.ofSeconds(5);

  private final LifecycleOptions options;
  private final List<String> topics;
  private final String group;
  private final String clientId;
  private final StatusBoard board;
  private final LeaseWatcher leases;
  private final PollLoop<K, V> loop;
  private final Thread thread;
  private volatile boolean started;
  private volatile boolean closing;

  ConsumerLifecycle(
      LifecycleOptions options,
      List<String> topics,
      String group,
      String clientId,
      Consumer<K, V> consumer,
      KubernetesClient kubernetes,
      RecordHandler<K, V> handler,
      CommitHook hook,
      OffsetCommitter committer,
      boolean consumerProtocol,
      StandbyView standby) {
    this.options = options;
    this.topics = List.copyOf(topics);
    this.group = group;
    this.clientId = clientId;
    this.board = new StatusBoard();
    // the Lease watcher is built before the loop it notifies
    AtomicReference<PollLoop<K, V>> loopRef = new AtomicReference<>();
    this.leases =
        new LeaseWatcher(
            kubernetes,
            options.namespace(),
            options.leaseName(),
            options.hash(),
            options.kubernetesTimeout(),
            () -> loopRef.get().leaseChanged());
    this.loop =
        new PollLoop<>(
            consumer,
            topics,
            options,
            handler,
            hook,
            committer,
            leases::current,
            board,
            consumerProtocol,
            standby);
    loopRef.set(loop);
    this.thread = new Thread(loop, "lifecycle-poll-" + options.pod());
  }

  public static <K, V> ConsumerLifecycleBuilder<K, V> builder() {
    return new ConsumerLifecycleBuilder<>();
  }

  /** Starts watching the Lease and the poll thread; returns at once (state STARTING). */
  public synchronized void start() {
    if (started) {
      return;
    }
    started = true;
    leases.start();
    thread.start();
  }

  public LifecycleState state() {
    return board.state();
  }

  /** Ready for traffic from the handover: connected, past STARTING, not shutting down. */
  public boolean ready() {
    LifecycleState state = board.state();
    return !closing
        && board.kafkaConnected()
        && (state == LifecycleState.STANDBY || state.isMember());
  }

  /** False once the consumer failed: the process should be restarted. */
  public boolean healthy() {
    return board.state() != LifecycleState.FAILED;
  }

  public LifecycleOptions options() {
    return options;
  }

  /** The consumer group this pod joins when active (depends on the group mode). */
  public String group() {
    return group;
  }

  public String clientId() {
    return clientId;
  }

  public Optional<LeaseState> lease() {
    return leases.current();
  }

  public LifecycleStatus status() {
    return new LifecycleStatus(
        board.state(),
        options.hash(),
        options.pod(),
        group,
        topics,
        board.assigned(),
        board.processed(),
        board.failed(),
        board.committedSorted(),
        LifecycleStatus.LeaseView.of(leases.current().orElse(null)),
        board.kafkaConnected(),
        ready());
  }

  /**
   * Drains (if active) and holds STANDBY until an explicit {@link #resume} or a Lease change with a
   * higher epoch that allows this revision. Idempotent.
   *
   * @throws LifecycleException TIMEOUT when not drained within {@code timeout} (it goes on)
   */
  public PauseResult pause(Duration timeout) {
    return await(loop.pause(), timeout, "drain");
  }

  /**
   * Lifts an explicit pause and subscribes, after re-reading the Lease from the API server: a stray
   * resume can never make a second color active.
   *
   * @throws LifecycleException NOT_HOLDER when the Lease does not allow this revision, UNAVAILABLE
   *     when neither the API server nor the last known Lease can confirm it, TIMEOUT
   */
  public LifecycleStatus resume(Duration timeout) {
    try {
      leases.refresh();
    } catch (LeaseUnavailableException | io.fabric8.kubernetes.client.KubernetesClientException e) {
      boolean knownAllowed =
          leases.current().map(l -> l.allowsConsumption(options.hash())).orElse(false);
      if (!knownAllowed) {
        throw new LifecycleException(
            Reason.UNAVAILABLE, "Cannot read the Lease to confirm the resume: " + e.getMessage());
      }
      LOG.warn(
          "Resume confirmed by the last known Lease; the API server did not answer: {}",
          e.toString());
    }
    await(loop.resume(), timeout, "resume");
    return status();
  }

  /**
   * Readiness goes false, an active consumer drains (commits what it processed, leaves the group),
   * then the consumer is closed within the configured bounds. Idempotent.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closing) {
        return;
      }
      closing = true;
    }
    if (!started) {
      // never started: run the loop here just to close the consumer it owns
      loop.stop();
      loop.run();
    } else {
      Duration bound = options.drainTimeout().plus(options.closeTimeout()).plus(CLOSE_SLACK);
      try {
        await(loop.stop(), bound, "shutdown");
        thread.join(CLOSE_SLACK.toMillis());
      } catch (LifecycleException e) {
        LOG.warn("Shutdown: {}", e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    leases.close();
  }

  private <T> T await(CompletableFuture<T> future, Duration timeout, String what) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new LifecycleException(
          Reason.TIMEOUT, "The " + what + " did not complete in " + timeout);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof LifecycleException l) {
        throw l;
      }
      throw new LifecycleException(Reason.STOPPED, "The consumer failed: " + e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LifecycleException(Reason.TIMEOUT, "Interrupted while waiting for the " + what);
    }
  }

  /** The HTTP routes of this consumer, guarded by the configured bearer token. */
  public LifecycleRoutes routes() {
    return new LifecycleRoutes(this, new BearerAuth(options.authToken()));
  }
}
