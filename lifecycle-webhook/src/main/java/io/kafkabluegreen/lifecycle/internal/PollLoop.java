package io.kafkabluegreen.lifecycle.internal;

import static io.kafkabluegreen.lifecycle.LifecycleState.ACTIVE;
import static io.kafkabluegreen.lifecycle.LifecycleState.STANDBY;
import static io.kafkabluegreen.lifecycle.LifecycleState.STARTING;

import io.kafkabluegreen.lifecycle.LifecycleException;
import io.kafkabluegreen.lifecycle.LifecycleException.Reason;
import io.kafkabluegreen.lifecycle.LifecycleOptions;
import io.kafkabluegreen.lifecycle.LifecycleState;
import io.kafkabluegreen.lifecycle.PauseResult;
import io.kafkabluegreen.lifecycle.RecordHandler;
import io.kafkabluegreen.lifecycle.lease.LeaseState;
import io.kafkabluegreen.lifecycle.standby.StandbyView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InconsistentGroupProtocolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that owns the KafkaConsumer (which is not thread-safe). Other threads talk to it
 * only through {@link Command}s; it converges to the rule "member iff the Lease allows my hash and
 * no explicit pause holds me" at every record boundary. See DESIGN.md for the state machine.
 */
public final class PollLoop<K, V> implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(PollLoop.class);
  private static final Duration IDLE_WAIT = Duration.ofSeconds(1);
  private static final Duration KAFKA_CHECK_INTERVAL = Duration.ofSeconds(30);

  private final Consumer<K, V> consumer;
  private final List<String> topics;
  private final LifecycleOptions options;
  private final RecordHandler<K, V> handler;
  private final OffsetCommits<K, V> commits;
  private final RebalanceHandler rebalances;
  private final Drain<K, V> drain;
  private final KafkaProbe probe;
  private final StatusBoard board;
  private final Mailbox mailbox = new Mailbox();
  private final List<CompletableFuture<Void>> stopWaiters = new ArrayList<>();

  private final MembershipRule rule;
  private final RecordPump<K, V> pump;
  private final StandbyView standby;

  /** Standby membership, subscribed: stays in the group whether active or not. */
  private boolean staysMember;

  private boolean stopRequested;

  public PollLoop(
      Consumer<K, V> consumer,
      List<String> topics,
      LifecycleOptions options,
      RecordHandler<K, V> handler,
      io.kafkabluegreen.lifecycle.CommitHook hook,
      io.kafkabluegreen.lifecycle.OffsetCommitter committer,
      Supplier<Optional<LeaseState>> lease,
      StatusBoard board,
      boolean consumerProtocol,
      StandbyView standby) {
    this.standby = standby;
    this.consumer = consumer;
    this.topics = List.copyOf(topics);
    this.options = options;
    this.handler = handler;
    this.board = board;
    this.commits = new OffsetCommits<>(consumer, hook, committer, board);
    this.rebalances = new RebalanceHandler(consumer, commits, board, options.drainTimeout());
    this.drain =
        new Drain<>(
            consumer,
            commits,
            rebalances,
            board,
            options.drainTimeout(),
            this.topics,
            consumerProtocol,
            standby == null ? null : this::requestRejoin);
    this.probe = new KafkaProbe(consumer, this.topics, board);
    this.rule = new MembershipRule(options.hash(), lease);
    if (standby != null) {
      standby.connect(lease, rule::holdsUnder);
    }
    this.pump = new RecordPump<>(consumer, options, handler, commits, drain, board, mailbox);
  }

  /** Posts a command; the poll thread handles it at the next record boundary. */
  public void post(Command command) {
    mailbox.post(command);
  }

  public CompletableFuture<PauseResult> pause() {
    CompletableFuture<PauseResult> done = new CompletableFuture<>();
    post(new Command.Pause(System.nanoTime(), done));
    return done;
  }

  public CompletableFuture<Void> resume() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    post(new Command.Resume(done));
    return done;
  }

  public void leaseChanged() {
    post(new Command.LeaseChanged());
  }

  public CompletableFuture<Void> stop() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    post(new Command.Stop(done));
    return done;
  }

  @Override
  public void run() {
    try {
      while (!stopRequested) {
        handleCommands();
        if (stopRequested) {
          break;
        }
        if (board.state() == STARTING) {
          connect();
        } else {
          converge();
          if (board.state() == ACTIVE) {
            pump.pumpOnce();
          } else {
            idle();
          }
        }
      }
      shutdown();
    } catch (Throwable t) {
      fail(t);
    }
  }

  private void connect() {
    if (probe.check(Duration.ofSeconds(2))) {
      board.state(STANDBY);
      LOG.info("Connected to Kafka; topics {} found", topics);
      if (standby != null) {
        // a standby member: in the group from the start, holding nothing until the Lease allows
        consumer.subscribe(topics, rebalances);
        staysMember = true;
        LOG.info("Joined the group as a standby member (standby membership)");
      }
    } else {
      mailbox.awaitQuietly(IDLE_WAIT);
    }
  }

  private void idle() {
    if (staysMember) {
      standbyPoll();
    } else if (!mailbox.awaitQuietly(IDLE_WAIT) && probe.due(KAFKA_CHECK_INTERVAL)) {
      probe.check(Duration.ofSeconds(1));
    }
  }

  /**
   * A standby member polls like any member (so that it joins every rebalance at once and stays in
   * the group); everything it holds is paused, so nothing is fetched. Should records come anyway,
   * they are not handled: the member seeks back to them and pauses their partitions.
   */
  private void standbyPoll() {
    ConsumerRecords<K, V> records;
    try {
      records = consumer.poll(options.pollTimeout());
    } catch (InconsistentGroupProtocolException e) {
      // the active members offer another assignor: a revision still on leave membership (an older
      // release, or LIFECYCLE_MEMBERSHIP=leave). Wait outside the group, as leave membership does;
      // once this revision is allowed it joins the group those members left.
      LOG.warn(
          "Standby membership refused by the group ({}): its members use another assignor; this pod"
              + " waits outside the group until the Lease allows it",
          e.getMessage());
      consumer.unsubscribe();
      staysMember = false;
      return;
    }
    if (!records.isEmpty()) {
      for (TopicPartition tp : records.partitions()) {
        consumer.seek(tp, records.records(tp).get(0).offset());
      }
      consumer.pause(records.partitions());
      LOG.warn(
          "Standby: records of {} fetched while not allowed; not handled", records.partitions());
    }
  }

  private void converge() {
    boolean allowed = rule.allowed();
    LifecycleState state = board.state();
    if (allowed && state == STANDBY) {
      activate();
    } else if (!allowed && state == ACTIVE) {
      drain(rule.held() ? "explicit pause" : "the Lease does not allow " + options.hash(), false);
    }
    if (staysMember) {
      requestRejoin();
    }
  }

  private void drain(String reason, boolean leave) {
    Map<TopicPartition, Long> unhanded = pump.dropFetched();
    drain.run(reason, unhanded, leave);
    staysMember = standby != null && !leave;
  }

  private void activate() {
    commits.newPeriod();
    if (staysMember) {
      // partitions the group gave this member before its own view allowed it were paused
      consumer.resume(consumer.assignment());
    } else {
      consumer.subscribe(topics, rebalances);
      staysMember = standby != null;
    }
    pump.start();
    board.state(ACTIVE);
    LOG.info("Subscribed to {}: this revision ({}) is active", topics, options.hash());
  }

  /**
   * Standby membership: the group's assignment must follow this member's current view, so a member
   * whose assignment was made from an older Lease, or whose hold changed while the Lease allows it,
   * asks for a rebalance ({@link StandbyView#stale}). Every member watches the Lease, so all of
   * them rejoin within the Lease watch's delay instead of waiting for a heartbeat to tell them.
   */
  private void requestRejoin() {
    if (standby.stale()) {
      consumer.enforceRebalance("kafka-bluegreen: " + standby.current());
    }
  }

  private void handleCommands() {
    Command command;
    while ((command = mailbox.poll()) != null) {
      try {
        handle(command);
      } catch (RuntimeException | Error e) {
        command.fail(e); // the loop fails next; its caller must not wait for a timeout
        throw e;
      }
    }
  }

  private void handle(Command command) {
    if (command instanceof Command.Pause pause) {
      onPause(pause);
    } else if (command instanceof Command.Resume resume) {
      onResume(resume);
    } else if (command instanceof Command.LeaseChanged) {
      rule.leaseChanged();
    } else if (command instanceof Command.Stop stop) {
      stopRequested = true;
      stopWaiters.add(stop.done());
    }
  }

  private void onPause(Command.Pause pause) {
    rule.hold();
    if (board.state().isMember()) {
      drain("explicit pause", false);
    } else if (staysMember) {
      requestRejoin(); // the leader must learn that this member is held
    }
    pause
        .done()
        .complete(
            new PauseResult(
                board.state(),
                board.committedSorted(),
                Mailbox.elapsedMillis(pause.requestedNanos()),
                board.assigned()));
  }

  private void onResume(Command.Resume resume) {
    if (board.state() == STARTING) {
      resume
          .done()
          .completeExceptionally(
              new LifecycleException(Reason.UNAVAILABLE, "Not connected to Kafka yet"));
    } else if (!rule.release()) {
      resume
          .done()
          .completeExceptionally(
              new LifecycleException(
                  Reason.NOT_HOLDER,
                  "The Lease does not allow revision "
                      + options.hash()
                      + " to consume: "
                      + rule.describeLease()));
    } else {
      converge();
      resume.done().complete(null);
    }
  }

  private void shutdown() {
    boolean member = board.state().isMember();
    board.state(LifecycleState.STOPPING);
    if (member) {
      drain("shutdown", true);
      board.state(LifecycleState.STOPPING);
    } else {
      pump.dropFetched();
    }
    consumer.close(CloseOptions.timeout(options.closeTimeout()));
    board.state(LifecycleState.STOPPED);
    LOG.info("Consumer closed");
    finish(null);
  }

  private void fail(Throwable t) {
    LOG.error("The poll loop failed; the consumer is closed without committing", t);
    board.state(LifecycleState.FAILED);
    // close() may still call onPartitionsRevoked: it must find nothing to commit
    commits.forgetAll();
    try {
      consumer.close(CloseOptions.timeout(options.closeTimeout()));
    } catch (RuntimeException e) {
      LOG.debug("Closing after failure: {}", e.toString());
    }
    rebalances.clear();
    finish(t);
  }

  private void finish(Throwable failure) {
    LifecycleException stopped =
        new LifecycleException(Reason.STOPPED, "The consumer is " + board.state());
    mailbox.close(
        command -> {
          if (command instanceof Command.Pause pause) {
            pause
                .done()
                .complete(
                    new PauseResult(board.state(), board.committedSorted(), 0, board.assigned()));
          } else if (command instanceof Command.Stop stop) {
            stop.done().complete(null);
          } else {
            command.fail(stopped);
          }
        });
    stopWaiters.forEach(
        w -> {
          if (failure == null) {
            w.complete(null);
          } else {
            w.completeExceptionally(failure);
          }
        });
  }
}
