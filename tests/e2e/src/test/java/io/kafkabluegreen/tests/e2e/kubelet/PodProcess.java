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
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pod as {@link ProcessKubelet} runs it: one local process for its (single) container (a plain
 * process or a {@code runc} container, per its {@link PodRuntime}), bound to the pod's own loopback
 * IP; its volumes written into the pod's directory, ServiceAccount tokens refreshed; readiness
 * probed and reported into the pod's {@code status}; restarted per {@code restartPolicy} when it
 * exits; stopped (SIGTERM, then SIGKILL after the grace period) when the pod is deleted.
 */
final class PodProcess {

  private static final Logger LOG = LoggerFactory.getLogger(PodProcess.class);
  private static final Duration CONFIG_RETRY = Duration.ofSeconds(2);
  private static final Duration MAX_GRACE = Duration.ofSeconds(30);
  private static final Duration TOKEN_CHECK = Duration.ofSeconds(10);

  private final ProcessKubelet kubelet;
  private final Pod pod;
  private final Container container;
  private final String ip;
  private final Instant startTime = Instant.now();
  private final ReadinessProbe readiness;
  private final Path podDir;
  private final PodVolumes volumes;

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
  private ScheduledFuture<?> tokenTask;
  private CompletableFuture<Void> exitHandled = CompletableFuture.completedFuture(null);

  PodProcess(ProcessKubelet kubelet, Pod pod, String ip) {
    this.kubelet = kubelet;
    this.pod = pod;
    this.container = pod.getSpec().getContainers().get(0);
    this.ip = ip;
    this.readiness = new ReadinessProbe(container);
    this.podDir = kubelet.podDir(pod);
    this.volumes = new PodVolumes(kubelet.client(), pod, podDir, ip);
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
      waitWith("ErrImagePull", "no runtime registered for image " + container.getImage());
      return;
    }
    Map<String, String> env = new HashMap<>();
    List<PodMount> mounts;
    try {
      env.putAll(kubelet.environment().resolve(pod, container, ip));
      mounts = volumes.prepare(container);
    } catch (ContainerConfigException | KubernetesClientException | UncheckedIOException e) {
      waitWith("CreateContainerConfigError", e.getMessage());
      kubelet.schedule(this::start, CONFIG_RETRY);
      return;
    }
    env.putAll(runtime.bindEnvironment(ip));
    env.put("HOSTNAME", pod.getMetadata().getName());
    // what a kubelet sets from the kubernetes Service; fabric8's in-cluster config reads them
    env.put("KUBERNETES_SERVICE_HOST", ProcessKubelet.HOST_IP);
    env.put("KUBERNETES_SERVICE_PORT", Integer.toString(kubelet.apiPort()));
    String containerId = pod.getMetadata().getUid().substring(0, 8) + "-" + restartCount;
    Path runtimeDir = podDir.resolve("containers").resolve(containerId);
    PodLaunch launch =
        new PodLaunch(
            pod,
            container,
            ip,
            containerId,
            env,
            mounts,
            runtimeDir,
            () -> kubelet.hosts().write(podDir.resolve("etc-hosts"), pod, ip));
    PodRuntime.Launch prepared;
    try {
      long t0 = System.nanoTime();
      prepared = runtime.prepare(launch);
      LOG.debug("Pod {}: container prepared in {} ms", key(), (System.nanoTime() - t0) / 1_000_000);
    } catch (RuntimeException e) {
      LOG.warn("Pod {}: cannot create the container", key(), e);
      waitWith("CreateContainerError", String.valueOf(e.getMessage()));
      return;
    }
    launch(prepared);
  }

  private void launch(PodRuntime.Launch prepared) {
    process = ChildProcess.start(key(), prepared.command(), prepared.env(), kubelet.logFile(pod));
    containerStartedAt = Instant.now();
    everStarted = true;
    state = ContainerState.running(containerStartedAt);
    successes = 0;
    failures = 0;
    setReady(!readiness.defined());
    publish();
    ChildProcess started = process;
    exitHandled =
        started
            .onExit()
            .thenAccept(
                code -> {
                  prepared.cleanup().run();
                  exited(started, code);
                });
    if (probeTask == null && readiness.defined()) {
      probeTask = kubelet.every(readiness.period(), this::probe);
    }
    if (tokenTask == null) {
      tokenTask = kubelet.every(TOKEN_CHECK, volumes::refreshTokens);
    }
    LOG.info(
        "Pod {} started as pid {} on {}, {} ms after the kubelet saw it",
        key(),
        process.pid(),
        ip,
        Duration.between(startTime, containerStartedAt).toMillis());
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
        LOG.info(
            "Pod {} Ready {} ms after its container started",
            key(),
            Duration.between(containerStartedAt, Instant.now()).toMillis());
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
    CompletableFuture<Void> handled;
    synchronized (this) {
      terminating = true;
      if (probeTask != null) {
        probeTask.cancel(false);
      }
      if (tokenTask != null) {
        tokenTask.cancel(false);
      }
      current = process;
      handled = exitHandled;
    }
    if (current != null) {
      long grace =
          Objects.requireNonNullElse(pod.getSpec().getTerminationGracePeriodSeconds(), 30L);
      current.stop(Duration.ofSeconds(Math.min(grace, MAX_GRACE.toSeconds())));
      handled.orTimeout(30, TimeUnit.SECONDS).exceptionally(e -> null).join();
      LOG.info("Pod {}: process {} stopped", key(), current.pid());
    }
    kubelet.deletePodDir(podDir);
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
