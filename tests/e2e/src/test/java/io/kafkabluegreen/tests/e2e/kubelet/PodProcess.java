package io.kafkabluegreen.tests.e2e.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kafkabluegreen.tests.e2e.controlplane.ChildProcess;
import io.kafkabluegreen.tests.e2e.kubelet.PodEnvironment.ContainerConfigException;
import io.kafkabluegreen.tests.e2e.kubelet.PodStatusPatch.ContainerState;
import io.kafkabluegreen.tests.e2e.kubelet.PodStatusPatch.Snapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pod as {@link ProcessKubelet} runs it: one local process for its (single) container, bound to
 * the pod's own loopback IP; readiness probed and reported into the pod's {@code status}; restarted
 * per {@code restartPolicy} when it exits; stopped (SIGTERM, then SIGKILL after the grace period)
 * when the pod is deleted.
 */
final class PodProcess {

  private static final Logger LOG = LoggerFactory.getLogger(PodProcess.class);
  private static final Duration CONFIG_RETRY = Duration.ofSeconds(2);
  private static final Duration MAX_GRACE = Duration.ofSeconds(30);

  private final ProcessKubelet kubelet;
  private final Pod pod;
  private final Container container;
  private final String ip;
  private final Instant startTime = Instant.now();
  private final ReadinessProbe readiness;

  private volatile boolean terminating;
  private ChildProcess process;
  private Instant containerStartedAt;
  private ContainerState state = ContainerState.waiting("ContainerCreating", null);
  private ContainerState lastState;
  private int restartCount;
  private boolean everStarted;
  private boolean ready;
  private Instant readySince = startTime;
  private int successes;
  private int failures;
  private ScheduledFuture<?> probeTask;

  PodProcess(ProcessKubelet kubelet, Pod pod, String ip) {
    this.kubelet = kubelet;
    this.pod = pod;
    this.container = pod.getSpec().getContainers().get(0);
    this.ip = ip;
    this.readiness = new ReadinessProbe(container);
  }

  String key() {
    return ProcessKubelet.key(pod);
  }

  String ip() {
    return ip;
  }

  String uid() {
    return pod.getMetadata().getUid();
  }

  synchronized ChildProcess process() {
    return process;
  }

  /** Starts the container, or reports why it cannot (and retries a missing Secret later). */
  synchronized void start() {
    if (terminating) {
      return;
    }
    if (pod.getSpec().getContainers().size() != 1) {
      waitWith("Unsupported", "ProcessKubelet runs exactly one container per pod");
      return;
    }
    PodRuntime runtime = kubelet.runtimeFor(container.getImage());
    if (runtime == null) {
      waitWith("ErrImagePull", "no process runtime registered for image " + container.getImage());
      return;
    }
    Map<String, String> env = new HashMap<>();
    try {
      env.putAll(kubelet.environment().resolve(pod, container, ip));
    } catch (ContainerConfigException e) {
      waitWith("CreateContainerConfigError", e.getMessage());
      kubelet.schedule(this::start, CONFIG_RETRY);
      return;
    }
    env.putAll(runtime.bindEnvironment(ip));
    env.put("PATH", Objects.requireNonNullElse(System.getenv("PATH"), "/usr/bin:/bin"));
    env.put("HOSTNAME", pod.getMetadata().getName());
    env.put("KUBECONFIG", kubelet.kubeconfigFor(pod.getMetadata().getNamespace()).toString());
    launch(runtime.command(container), env);
  }

  private void launch(List<String> command, Map<String, String> env) {
    process = ChildProcess.start(key(), command, env, kubelet.logFileFor(pod));
    containerStartedAt = Instant.now();
    everStarted = true;
    state = ContainerState.running(containerStartedAt);
    successes = 0;
    failures = 0;
    setReady(!readiness.defined());
    publish();
    ChildProcess started = process;
    started.onExit().thenAccept(code -> exited(started, code));
    if (probeTask == null && readiness.defined()) {
      probeTask = kubelet.every(readiness.period(), this::probe);
    }
    LOG.info("Pod {} started as pid {} on {}", key(), process.pid(), ip);
  }

  private void probe() {
    ChildProcess current;
    synchronized (this) {
      current = process;
    }
    if (terminating || current == null || !current.isAlive()) {
      return;
    }
    boolean ok = readiness.check(ip);
    synchronized (this) {
      if (terminating || current != process) {
        return;
      }
      successes = ok ? successes + 1 : 0;
      failures = ok ? 0 : failures + 1;
      if (!ready && successes >= readiness.successThreshold()) {
        setReady(true);
        publish();
      } else if (ready && failures >= readiness.failureThreshold()) {
        setReady(false);
        publish();
      }
    }
  }

  private synchronized void exited(ChildProcess which, int code) {
    if (terminating || which != process) {
      return;
    }
    LOG.info("Pod {}: process exited with {}", key(), code);
    lastState = ContainerState.terminated(containerStartedAt, Instant.now(), code);
    setReady(false);
    String policy = Objects.requireNonNullElse(pod.getSpec().getRestartPolicy(), "Always");
    boolean restart = policy.equals("Always") || (policy.equals("OnFailure") && code != 0);
    if (!restart) {
      state = lastState;
      publish();
      return;
    }
    state = ContainerState.waiting("CrashLoopBackOff", "back-off restarting the process");
    publish();
    long backoffMs = Math.min(10_000L, 1000L << Math.min(restartCount, 4));
    kubelet.schedule(this::restart, Duration.ofMillis(backoffMs));
  }

  private synchronized void restart() {
    if (terminating) {
      return;
    }
    restartCount++;
    start();
  }

  /** The pod was deleted: stop the process, SIGTERM first, as a kubelet would. */
  void terminate() {
    ChildProcess current;
    synchronized (this) {
      terminating = true;
      if (probeTask != null) {
        probeTask.cancel(false);
      }
      current = process;
    }
    if (current != null) {
      long grace =
          Objects.requireNonNullElse(pod.getSpec().getTerminationGracePeriodSeconds(), 30L);
      current.stop(Duration.ofSeconds(Math.min(grace, MAX_GRACE.toSeconds())));
      LOG.info("Pod {}: process {} stopped", key(), current.pid());
    }
  }

  /** SIGKILL, as when a container crashes: the kubelet then reports it and restarts it. */
  void kill() {
    ChildProcess current;
    synchronized (this) {
      current = process;
    }
    if (current != null) {
      current.kill();
    }
  }

  private void waitWith(String reason, String message) {
    LOG.warn("Pod {} cannot start: {}: {}", key(), reason, message);
    state = ContainerState.waiting(reason, message);
    publish();
  }

  private void setReady(boolean value) {
    if (value != ready) {
      ready = value;
      readySince = Instant.now();
    }
  }

  private void publish() {
    String phase;
    if ("terminated".equals(state.kind())) {
      phase = state.exitCode() == 0 ? "Succeeded" : "Failed";
    } else {
      phase = everStarted ? "Running" : "Pending";
    }
    Snapshot snapshot =
        new Snapshot(
            phase,
            ip,
            startTime,
            container.getName(),
            container.getImage(),
            ready,
            readySince,
            restartCount,
            state,
            lastState);
    String body = Serialization.asJson(PodStatusPatch.build(snapshot));
    try {
      kubelet
          .client()
          .pods()
          .inNamespace(pod.getMetadata().getNamespace())
          .withName(pod.getMetadata().getName())
          .subresource("status")
          .patch(PatchContext.of(PatchType.JSON_MERGE), body);
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        LOG.warn("Pod {}: status update failed: {}", key(), e.getMessage());
      }
    }
  }
}
