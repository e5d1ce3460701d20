package io.kafkabluegreen.provider.connect;

import io.kafkabluegreen.provider.pods.PodLocator;
import io.kafkabluegreen.provider.pods.RevisionPod;
import io.kafkabluegreen.provider.revision.RevisionHealth;
import io.kafkabluegreen.provider.revision.RevisionHealth.PodHealth;
import io.kafkabluegreen.provider.revision.RevisionHealthReader;
import io.kafkabluegreen.provider.rollout.ManagedRollout;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.common.utils.ThreadUtils;

/**
 * Strategy E's {@code GET …/revisions/{hash}}: each pod is a Connect worker, asked for the
 * revision's connector status. In lifecycle words, a connector that is {@code STOPPED} (or not
 * created yet: the handover creates it) is {@code STANDBY}, one {@code RUNNING} with every task
 * running is {@code ACTIVE}; any other state is reported as Connect's and is not ready, nor is a
 * {@code FAILED} connector or task, so the readiness analysis fails before promotion. Connect
 * reports no per-record counters, so rates are 0.
 */
public final class ConnectRevisionHealth implements RevisionHealthReader {

  private static final ExecutorService CALLS =
      Executors.newCachedThreadPool(
          ThreadUtils.createThreadFactory("connect-revision-health-%d", true));

  private final PodLocator pods;
  private final ConnectClients clients;

  public ConnectRevisionHealth(PodLocator pods, ConnectClients clients) {
    this.pods = pods;
    this.clients = clients;
  }

  @Override
  public RevisionHealth health(ManagedRollout rollout, String hash) {
    String connector = rollout.connect().connectorOf(hash);
    // In parallel, one bounded call each: the answer stays within one Connect timeout.
    List<CompletableFuture<PodHealth>> calls = new ArrayList<>();
    for (RevisionPod pod : pods.revision(rollout, hash)) {
      calls.add(
          pod.usable()
              ? CompletableFuture.supplyAsync(() -> view(pod, connector), CALLS)
              : CompletableFuture.completedFuture(PodHealth.skipped(pod)));
    }
    List<PodHealth> views = calls.stream().map(CompletableFuture::join).toList();
    return RevisionHealth.of(rollout, hash, views, RevisionHealth.Rates.NONE);
  }

  private PodHealth view(RevisionPod pod, String connector) {
    ConnectClient client = clients.at(pod.uri(""));
    Optional<ConnectorState> state;
    try {
      state = client.status(connector); // a 404 answers too: the worker is reachable

    } catch (ConnectUnavailableException | ConnectRequestException e) {
      return PodHealth.unreachable(pod, e.getMessage());
    }
    if (state.isEmpty()) {
      return health(pod, "STANDBY", true, 0, null);
    }
    ConnectorState s = state.get();
    String worker = pod.ip();
    int tasksHere =
        (int)
            s.tasks().stream()
                .filter(t -> t.workerId() != null && t.workerId().startsWith(worker + ":"))
                .count();
    boolean failed = "FAILED".equals(s.state()) || s.failedTask().isPresent();
    String lifecycle =
        s.stoppedWithoutTasks() ? "STANDBY" : s.runningWithAllTasks() ? "ACTIVE" : s.state();
    return health(
        pod,
        lifecycle,
        !failed,
        tasksHere,
        failed ? connector + " " + ConnectorPoll.describe(s) : null);
  }

  private static PodHealth health(
      RevisionPod pod, String state, boolean ready, int tasks, String error) {
    return new PodHealth(
        pod.name(), pod.ip(), true, true, state, ready, true, tasks, 0, 0, 0, 0, error);
  }
}
