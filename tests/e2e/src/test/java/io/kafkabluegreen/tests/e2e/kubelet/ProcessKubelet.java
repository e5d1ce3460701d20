package io.kafkabluegreen.tests.e2e.kubelet;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kafkabluegreen.tests.e2e.controlplane.ChildProcess;
import io.kafkabluegreen.tests.e2e.controlplane.ControlPlane;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A kubelet for a node-less cluster: it watches every Pod and runs each one as a local process (by
 * image name, see {@link #register}), bound to a loopback address of its own that it reports as the
 * pod IP. The Pod's environment gets the downward API, Secrets and ConfigMaps resolved; its volumes
 * are written into a directory of its own, with a token of the pod's own ServiceAccount: the pod
 * talks to the API server as that ServiceAccount, so RBAC decides what it may do. Pods are never
 * scheduled ({@code spec.nodeName} stays empty), so the API server deletes them at once and this
 * kubelet stops the process on the DELETED event.
 *
 * <p>There is no kube-proxy or endpoints controller: Services do not route. Whatever needs a pod's
 * address uses {@link #podIp}, or the Pod's {@code status.podIP}.
 */
public final class ProcessKubelet implements AutoCloseable {

  /** The "node" address reported as {@code status.hostIP}. */
  public static final String HOST_IP = "127.0.0.1";

  private static final Logger LOG = LoggerFactory.getLogger(ProcessKubelet.class);

  private final KubernetesClient client;
  private final ControlPlane controlPlane;
  private final Path podLogs;
  private final Path workDir;
  private final PodEnvironment environment;
  private final LoopbackAddresses addresses = new LoopbackAddresses();
  private final Map<String, PodRuntime> runtimes = new ConcurrentHashMap<>();
  private final Map<String, PodProcess> pods = new ConcurrentHashMap<>();
  private final ClusterHosts hosts;
  private final ExecutorService workers = Executors.newCachedThreadPool(daemon("kubelet-worker"));
  private final ScheduledExecutorService scheduler =
      Executors.newScheduledThreadPool(4, daemon("kubelet-probe"));
  private SharedIndexInformer<Pod> informer;

  public ProcessKubelet(ControlPlane controlPlane) {
    this.controlPlane = controlPlane;
    this.client = controlPlane.client();
    this.podLogs = controlPlane.logDir().resolve("pods");
    try {
      this.workDir = Files.createTempDirectory("kbg-e2e-kubelet-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.environment =
        new PodEnvironment(
            (ns, name) -> client.secrets().inNamespace(ns).withName(name).get(),
            (ns, name) -> client.configMaps().inNamespace(ns).withName(name).get());
    this.hosts = new ClusterHosts(client);
  }

  /** Runs containers whose image is named {@code imageKey} (see {@link PodRuntime#imageKey}). */
  public ProcessKubelet register(String imageKey, PodRuntime runtime) {
    runtimes.put(imageKey, runtime);
    return this;
  }

  /** Starts watching Pods in every namespace. */
  public synchronized ProcessKubelet start() {
    if (informer == null) {
      informer = client.pods().inAnyNamespace().inform(new Handler(), 0);
    }
    return this;
  }

  /** The loopback address of a pod this kubelet runs. */
  public Optional<String> podIp(String namespace, String name) {
    return Optional.ofNullable(pods.get(namespace + "/" + name)).map(PodProcess::ip);
  }

  /** The live process of a pod, if it has one. */
  public Optional<ChildProcess> process(String namespace, String name) {
    return Optional.ofNullable(pods.get(namespace + "/" + name))
        .map(PodProcess::process)
        .filter(ChildProcess::isAlive);
  }

  /** {@code namespace/name} of every pod whose process is alive. */
  public Set<String> runningPods() {
    return pods.values().stream()
        .filter(p -> p.process() != null && p.process().isAlive())
        .map(PodProcess::key)
        .collect(Collectors.toSet());
  }

  /** SIGKILLs a pod's process, as a crashing container; it is restarted per restartPolicy. */
  public void kill(String namespace, String name) {
    Optional.ofNullable(pods.get(namespace + "/" + name)).ifPresent(PodProcess::kill);
  }

  @Override
  public synchronized void close() {
    if (informer != null) {
      informer.close();
      informer = null;
    }
    pods.values().parallelStream().forEach(PodProcess::terminate);
    pods.clear();
    workers.shutdownNow();
    scheduler.shutdownNow();
  }

  KubernetesClient client() {
    return client;
  }

  PodEnvironment environment() {
    return environment;
  }

  PodRuntime runtimeFor(String image) {
    return runtimes.get(PodRuntime.imageKey(image));
  }

  int apiPort() {
    return controlPlane.apiPort();
  }

  ClusterHosts hosts() {
    return hosts;
  }

  /** The pod's own directory: its volumes, hosts file and container bundles. */
  Path podDir(Pod pod) {
    var meta = pod.getMetadata();
    return workDir
        .resolve("pods")
        .resolve(meta.getNamespace() + "_" + meta.getName() + "_" + meta.getUid());
  }

  /** Deletes a stopped pod's volumes (its runtime removes what it made itself). */
  void deletePodDir(Path podDir) {
    Path volumes = podDir.resolve("volumes");
    if (!Files.exists(volumes)) {
      return;
    }
    try (var paths = Files.walk(volumes)) {
      paths.sorted((a, b) -> b.compareTo(a)).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      LOG.debug("Cannot delete {}: {}", volumes, e.getMessage());
    }
  }

  /** Where the kubelet writes what a pod's container prints (it may not exist yet). */
  public Path logFile(Pod pod) {
    return podLogs
        .resolve(pod.getMetadata().getNamespace())
        .resolve(pod.getMetadata().getName() + ".log");
  }

  void schedule(Runnable task, Duration delay) {
    scheduler.schedule(() -> workers.execute(task), delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  ScheduledFuture<?> every(Duration period, Runnable task) {
    return scheduler.scheduleWithFixedDelay(
        task, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
  }

  static String key(Pod pod) {
    return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
  }

  private void admit(Pod pod) {
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      forget(pod);
      return;
    }
    String key = key(pod);
    PodProcess existing = pods.get(key);
    if (existing != null && existing.uid().equals(pod.getMetadata().getUid())) {
      return;
    }
    if (existing != null) {
      forget(pod); // same name, new pod: the old one is gone
    }
    PodProcess created = new PodProcess(this, pod, addresses.allocate());
    pods.put(key, created);
    workers.execute(created::start);
  }

  private void forget(Pod pod) {
    PodProcess removed = pods.remove(key(pod));
    if (removed != null) {
      workers.execute(removed::terminate);
    }
  }

  private final class Handler implements ResourceEventHandler<Pod> {
    @Override
    public void onAdd(Pod pod) {
      admit(pod);
    }

    @Override
    public void onUpdate(Pod oldPod, Pod newPod) {
      admit(newPod);
    }

    @Override
    public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
      LOG.debug("Pod {} deleted", key(pod));
      forget(pod);
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
