package io.kafkabluegreen.provider.connect;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kafkabluegreen.lifecycle.lease.LeaseState;
import io.kafkabluegreen.provider.connect.ConnectWorkers.Cluster;
import io.kafkabluegreen.provider.handover.HandoverRun;
import io.kafkabluegreen.provider.handover.HandoverStepException;
import io.kafkabluegreen.provider.handover.HandoverStrategy;
import io.kafkabluegreen.provider.handover.MemberColors;
import io.kafkabluegreen.provider.pods.PodLocator;
import io.kafkabluegreen.provider.rollout.ManagedRollout;
import io.kafkabluegreen.provider.rollout.StrategyName;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Strategy E: each revision of the Rollout is a Kafka Connect cluster running the sink connector
 * {@code <connector>-<hash>} (docs/design.md, strategy E). The old connector is stopped ({@code PUT
 * /connectors/{name}/stop}, KIP-875) and seen {@code STOPPED} with no task; its sink group is
 * proven empty; its offsets are read and written onto the new connector, created {@code STOPPED}
 * from the old one's configuration if it does not exist yet (KIP-980); then the new connector is
 * resumed and seen {@code RUNNING} with every task running. The new connector is never resumed
 * before that, so both can never have running tasks at once.
 */
public final class ConnectSinkStrategy implements HandoverStrategy {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectSinkStrategy.class);
  static final String GROUP_OVERRIDE = "consumer.override.group.id";

  private final ConnectWorkers workers;
  private final ConnectorControls controls;
  private final PodLocator pods;
  private final Duration pollInterval;

  /**
   * @param kubernetes reads and writes Strimzi's {@code KafkaConnector}s
   * @param operatorTimeout how long the Strimzi operator gets to carry out an offsets annotation
   */
  public ConnectSinkStrategy(
      PodLocator pods,
      ConnectClients clients,
      KubernetesClient kubernetes,
      Duration operatorTimeout,
      Duration pollInterval) {
    this.pods = pods;
    this.workers = new ConnectWorkers(pods, clients);
    this.controls = new ConnectorControls(kubernetes, operatorTimeout, pollInterval);
    this.pollInterval = pollInterval;
  }

  @Override
  public StrategyName name() {
    return StrategyName.CONNECT;
  }

  /**
   * Connect's sink group: {@code connect-<connector>}, or the connector's {@code
   * consumer.override.group.id} when its cluster can be asked and it sets one.
   */
  @Override
  public String groupOf(ManagedRollout rollout, String hash) {
    String connector = connector(rollout, hash);
    try {
      Optional<String> override =
          workers
              .of(rollout, hash)
              .flatMap(c -> c.client().config(connector))
              .map(config -> config.get(GROUP_OVERRIDE))
              .filter(g -> !g.isBlank());
      if (override.isPresent()) {
        return override.get();
      }
    } catch (ConnectUnavailableException | ConnectRequestException e) {
      LOG.debug("Cannot read {}'s config for its group override: {}", connector, e.getMessage());
    }
    return "connect-" + connector;
  }

  /** Both connectors' sink groups: nothing may consume from either before the offsets move. */
  @Override
  public List<String> groupsToEmpty(ManagedRollout rollout, String previous, String target) {
    List<String> groups = new ArrayList<>();
    if (!previous.isEmpty()) {
      groups.add(groupOf(rollout, previous));
    }
    String targetGroup = groupOf(rollout, target);
    if (!groups.contains(targetGroup)) {
      groups.add(targetGroup);
    }
    return groups;
  }

  /**
   * Stops the connector of every other revision that has a worker, and the target's own if it
   * exists and is not stopped (it must not run before the flip). A connector its cluster does not
   * know is nothing to stop.
   */
  @Override
  public void stopOthers(HandoverRun run, String previous) {
    ManagedRollout rollout = run.rollout();
    run.skipped(workers.otherPods(rollout, run.target(), previous));
    for (Map.Entry<String, Cluster> side : toStop(run, previous).entrySet()) {
      String connector = connector(rollout, side.getKey());
      Cluster cluster = side.getValue();
      try {
        if (cluster.client().status(connector).isPresent()) {
          ConnectorControl control = controls.of(rollout, connector, cluster);
          control.stop();
          run.called("pause", control.where(), Optional.empty());
        }
      } catch (ConnectUnavailableException | ConnectRequestException | HandoverStepException e) {
        run.called("pause", cluster.where(connector), Optional.of(e.getMessage()));
      }
    }
  }

  /** Every stopped connector STOPPED with no task; an unreachable cluster cannot be confirmed. */
  @Override
  public Optional<String> awaitStopped(HandoverRun run, String previous, Duration timeout) {
    ManagedRollout rollout = run.rollout();
    Map<String, Cluster> sides = toStop(run, previous);
    return ConnectorPoll.until(
        timeout,
        pollInterval,
        () -> {
          for (Map.Entry<String, Cluster> side : sides.entrySet()) {
            String connector = connector(rollout, side.getKey());
            Optional<ConnectorState> state;
            try {
              state = side.getValue().client().status(connector);
            } catch (ConnectUnavailableException | ConnectRequestException e) {
              return Optional.of(
                  side.getValue().where(connector) + " unconfirmed: " + e.getMessage());
            }
            if (state.isPresent() && !state.get().stoppedWithoutTasks()) {
              return Optional.of(
                  side.getValue().where(connector) + " is " + ConnectorPoll.describe(state.get()));
            }
          }
          return Optional.empty();
        });
  }

  private Map<String, Cluster> toStop(HandoverRun run, String previous) {
    ManagedRollout rollout = run.rollout();
    Map<String, Cluster> sides =
        new LinkedHashMap<>(workers.others(rollout, run.target(), previous));
    workers.of(rollout, run.target()).ifPresent(c -> sides.put(run.target(), c));
    return sides;
  }

  /** Reads the previous connector's offsets and writes them onto the target's, created stopped. */
  @Override
  public OptionalInt copy(HandoverRun run, String previous) {
    ManagedRollout rollout = run.rollout();
    String from = connector(rollout, previous);
    String to = connector(rollout, run.target());
    Cluster source = cluster(rollout, previous, "read the offsets of " + from);
    Cluster sink = cluster(rollout, run.target(), "move the offsets to " + to);
    try {
      ConnectorControl previousConnector = controls.of(rollout, from, source);
      List<ConnectorOffset> offsets = previousConnector.offsets();
      ConnectorControl targetConnector;
      if (sink.client().status(to).isEmpty()) {
        targetConnector = previousConnector.createStoppedCopy(to, previous, run.target(), sink);
        LOG.info(
            "Sync: created {} STOPPED like {}", targetConnector.where(), previousConnector.where());
        awaitCreatedStopped(sink, to);
      } else {
        targetConnector = controls.of(rollout, to, sink);
      }
      targetConnector.alterOffsets(offsets);
      return OptionalInt.of(offsets.size());
    } catch (ConnectUnavailableException | ConnectRequestException e) {
      throw new HandoverStepException("sync: " + e.getMessage(), e);
    }
  }

  /** A connector created with {@code initial_state} STOPPED shows up once the config is read. */
  private void awaitCreatedStopped(Cluster sink, String to) {
    Optional<String> missing =
        ConnectorPoll.until(
            Duration.ofSeconds(10),
            pollInterval,
            () -> {
              Optional<ConnectorState> state = sink.client().status(to);
              return state.isPresent() && state.get().stoppedWithoutTasks()
                  ? Optional.empty()
                  : Optional.of(
                      sink.where(to)
                          + " is "
                          + state.map(ConnectorPoll::describe).orElse("not there yet"));
            });
    missing.ifPresent(
        m -> {
          throw new HandoverStepException("sync: " + m + " after creating it STOPPED");
        });
  }

  @Override
  public CompletableFuture<Void> start(HandoverRun run) {
    resume(run, run.target()); // a connector runs only once resumed: done before ownership waits
    return CompletableFuture.completedFuture(null);
  }

  /** RUNNING with every task RUNNING; a FAILED task fails at once, with its trace's first line. */
  @Override
  public Optional<String> awaitStarted(HandoverRun run, Duration timeout) {
    ManagedRollout rollout = run.rollout();
    String connector = connector(rollout, run.target());
    Cluster cluster = cluster(rollout, run.target(), "confirm " + connector + " runs");
    return ConnectorPoll.until(
        timeout,
        pollInterval,
        () -> {
          ConnectorState state;
          try {
            state =
                cluster
                    .client()
                    .status(connector)
                    .orElseThrow(
                        () ->
                            new HandoverStepException(
                                cluster.where(connector) + " does not exist"));
          } catch (ConnectUnavailableException | ConnectRequestException e) {
            return Optional.of(cluster.where(connector) + ": " + e.getMessage());
          }
          Optional<ConnectorState.TaskState> failed = state.failedTask();
          if (failed.isPresent() || "FAILED".equals(state.state())) {
            throw new HandoverStepException(
                cluster.where(connector) + " failed: " + ConnectorPoll.describe(state));
          }
          return state.runningWithAllTasks()
              ? Optional.empty()
              : Optional.of(cluster.where(connector) + " is " + ConnectorPoll.describe(state));
        });
  }

  @Override
  public void restart(HandoverRun run, String previous) {
    resume(run, previous);
  }

  private void resume(HandoverRun run, String hash) {
    ManagedRollout rollout = run.rollout();
    String connector = connector(rollout, hash);
    Cluster cluster = cluster(rollout, hash, "resume " + connector);
    try {
      ConnectorControl control = controls.of(rollout, connector, cluster);
      control.resume();
      run.called("resume", control.where(), Optional.empty());
    } catch (ConnectUnavailableException | ConnectRequestException | HandoverStepException e) {
      run.called("resume", cluster.where(connector), Optional.of(e.getMessage()));
      throw new HandoverStepException(
          "resuming " + cluster.where(connector) + ": " + e.getMessage(), e);
    }
  }

  /**
   * False only when the connector is seen {@code STOPPED} or {@code PAUSED}: a resume after the
   * flip was lost. Absent, {@code FAILED} or unreachable: true, a handover would not help.
   */
  @Override
  public boolean started(ManagedRollout rollout, String hash) {
    String connector = connector(rollout, hash);
    try {
      return workers
          .of(rollout, hash)
          .flatMap(c -> c.client().status(connector))
          .map(s -> !"STOPPED".equals(s.state()) && !"PAUSED".equals(s.state()))
          .orElse(true);
    } catch (ConnectUnavailableException | ConnectRequestException e) {
      return true;
    }
  }

  /** The sink tasks' client ids ({@code connector-consumer-<connector>-<task>}) carry the hash. */
  @Override
  public MemberColors colors(ManagedRollout rollout, String target, LeaseState lease) {
    return MemberColors.known(pods, rollout, target, lease);
  }

  private Cluster cluster(ManagedRollout rollout, String hash, String why) {
    return workers
        .of(rollout, hash)
        .orElseThrow(
            () ->
                new HandoverStepException(
                    "revision " + hash + " has no Ready Connect worker to " + why));
  }

  private static String connector(ManagedRollout rollout, String hash) {
    return rollout.connect().connectorOf(hash);
  }
}
