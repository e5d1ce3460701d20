package io.kafkabluegreen.tests.system;

import io.kafkabluegreen.tests.k8s.FakeCluster;
import io.kafkabluegreen.tests.process.ConsumerAppProcess;
import io.kafkabluegreen.tests.process.HttpResult;
import io.kafkabluegreen.tests.process.LoopbackAddresses;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The consumer-app "pods" of a local system and what a kubelet would do for them: each process gets
 * a Pod object (podIP = its loopback address) that turns Ready once the process answers {@code
 * /readyz}, and is deleted when the process is killed.
 */
final class ConsumerPods {

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

  private final FakeCluster cluster;
  private final SystemOptions options;
  private final int port;
  private final Function<String, Map<String, String>> environment;
  private final List<ConsumerAppProcess> pods = new CopyOnWriteArrayList<>();
  private final Map<String, Integer> nextIndex = new HashMap<>();

  ConsumerPods(
      FakeCluster cluster,
      SystemOptions options,
      int port,
      Function<String, Map<String, String>> environment) {
    this.cluster = cluster;
    this.options = options;
    this.port = port;
    this.environment = environment;
  }

  /** Starts {@code count} pods of {@code hash} together and waits until all are Ready. */
  synchronized List<ConsumerAppProcess> start(String hash, int count) {
    return start(hash, count, Map.of());
  }

  /** As {@link #start(String, int)}, with extra environment for these pods. */
  synchronized List<ConsumerAppProcess> start(String hash, int count, Map<String, String> extra) {
    List<ConsumerAppProcess> started = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int index = nextIndex.merge(hash, 1, Integer::sum) - 1;
      String podName = options.rollout() + "-" + hash + "-" + index;
      String ip = LoopbackAddresses.next();
      cluster.pods().create(options.rollout(), options.rollout(), podName, hash, ip, port);
      Map<String, String> env = new HashMap<>(environment.apply(hash));
      env.putAll(extra);
      ConsumerAppProcess pod =
          ConsumerAppProcess.start(podName, hash, ip, port, env, options.logDir());
      pods.add(pod);
      started.add(pod);
    }
    for (ConsumerAppProcess pod : started) {
      pod.awaitReady(READY_TIMEOUT);
      cluster.pods().setReady(pod.podName(), true);
    }
    return started;
  }

  /** The live pods of {@code hash}. */
  List<ConsumerAppProcess> ofHash(String hash) {
    return pods.stream().filter(p -> p.hash().equals(hash) && p.process().isAlive()).toList();
  }

  List<ConsumerAppProcess> all() {
    return List.copyOf(pods);
  }

  /**
   * Waits until {@code hash} consumes alone: every live pod of it reports {@code ACTIVE}, every
   * other live pod {@code STANDBY}, and its pods together hold every partition of the topic while
   * the others hold none. {@code ACTIVE} alone is not enough: a pod is {@code ACTIVE} from the
   * moment it may consume, and the group may still be forming (with Kafka's default initial
   * rebalance delay, every member that joins a forming group extends it by another 3 s). The
   * failure message carries every pod's answer and {@code context}.
   */
  void awaitOnlyConsuming(String hash, Duration timeout, Supplier<String> context) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, PodView> seen = Map.of();
    while (System.nanoTime() < deadline) {
      seen = views();
      if (consumesAlone(hash, seen)) {
        return;
      }
      LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
    }
    throw new IllegalStateException(
        hash
            + " not the only consuming color within "
            + timeout
            + ": "
            + seen
            + ", "
            + context.get());
  }

  private boolean consumesAlone(String hash, Map<String, PodView> views) {
    Set<String> owned = new HashSet<>();
    for (ConsumerAppProcess pod : pods) {
      PodView view = views.get(pod.podName());
      if (view == null) {
        continue; // not alive
      }
      boolean ours = pod.hash().equals(hash);
      if (!view.state().equals(ours ? "ACTIVE" : "STANDBY")
          || (!ours && !view.partitions().isEmpty())) {
        return false;
      }
      if (ours) {
        owned.addAll(view.partitions());
      }
    }
    return owned.size() == options.partitions();
  }

  /** What every live pod answers on {@code /lifecycle/status}, by pod name. */
  private Map<String, PodView> views() {
    Map<String, PodView> views = new TreeMap<>();
    for (ConsumerAppProcess pod : pods) {
      if (pod.process().isAlive()) {
        views.put(pod.podName(), view(pod));
      }
    }
    return views;
  }

  private static PodView view(ConsumerAppProcess pod) {
    try {
      HttpResult status = pod.status();
      List<String> partitions = new ArrayList<>();
      status.body().path("assignedPartitions").forEach(p -> partitions.add(p.asText()));
      return new PodView(status.text("state"), partitions);
    } catch (IOException e) {
      return new PodView("UNREACHABLE", List.of());
    }
  }

  /** A pod's lifecycle state and the partitions it holds. */
  private record PodView(String state, List<String> partitions) {
    @Override
    public String toString() {
      return state + partitions;
    }
  }

  /** SIGKILL, then the Pod object goes away as after a crash that is not restarted. */
  void kill(ConsumerAppProcess pod) {
    pod.process().kill();
    cluster.pods().setReady(pod.podName(), false);
    cluster.pods().delete(pod.podName());
  }

  /** As Kubernetes deletes a pod: SIGTERM, the grace period, SIGKILL if still there; then gone. */
  void delete(ConsumerAppProcess pod) {
    cluster.pods().setReady(pod.podName(), false);
    pod.process().terminate();
    if (!pod.process().awaitExit(STOP_TIMEOUT)) {
      pod.process().kill();
    }
    cluster.pods().delete(pod.podName());
  }

  /** SIGTERM every pod at once, wait, SIGKILL what is left. */
  void stopAll() {
    pods.forEach(p -> p.process().terminate());
    for (ConsumerAppProcess pod : pods) {
      if (!pod.process().awaitExit(STOP_TIMEOUT)) {
        pod.process().kill();
      }
    }
  }
}
