package io.kafkabluegreen.tests.e2e.controlplane;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kafkabluegreen.tests.kafka.KafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kubernetes control plane made of local processes: etcd → kube-apiserver (static token
 * auth, RBAC, the default admission plugins including ServiceAccount, free ports) → Argo Rollouts'
 * CRDs → kube-controller-manager → Argo Rollouts' controller. The controller manager runs what the
 * chart's objects need and nothing more: Deployments, ReplicaSets, garbage collection, namespace
 * deletion, each namespace's {@code default} ServiceAccount (without it the ServiceAccount
 * admission plugin rejects every pod) and the {@code kube-root-ca.crt} ConfigMap (the {@code
 * ca.crt} of every pod's token volume). There is no kubelet, scheduler, kube-proxy or endpoints
 * controller: pods stay unscheduled and {@code ProcessKubelet} runs them.
 *
 * <p>Binaries come from {@link ControlPlaneOptions#binDir()} (built by {@code build-bins.sh}); each
 * process logs to its own file under {@link ControlPlaneOptions#logDir()}.
 */
public final class ControlPlane implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ControlPlane.class);
  private static ControlPlane shared;

  private final ControlPlaneOptions options;
  private final Path dataDir;
  private final ClusterCredentials credentials;
  private final List<ChildProcess> processes = new ArrayList<>();
  private final Map<String, Duration> startupSteps = new LinkedHashMap<>();
  private final int apiPort;
  private String etcdUrl;
  private Path kubeconfig;
  private KubernetesClient client;

  private ControlPlane(ControlPlaneOptions options) throws IOException {
    this.options = options;
    this.dataDir = Files.createTempDirectory("kbg-e2e-cp-");
    this.credentials = ClusterCredentials.create(dataDir.resolve("auth"));
    this.apiPort = KafkaBroker.freePort();
  }

  /** Starts every component in order and returns once the Rollouts controller is healthy. */
  public static ControlPlane start(ControlPlaneOptions options) {
    ControlPlane plane;
    try {
      plane = new ControlPlane(options);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      plane.startAll();
      return plane;
    } catch (RuntimeException e) {
      plane.close();
      throw e;
    }
  }

  /** One control plane per test JVM, started on first use and stopped by a shutdown hook. */
  public static synchronized ControlPlane shared() {
    if (shared == null) {
      shared = start(ControlPlaneOptions.fromSystemProperties());
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "control-plane-shutdown"));
    }
    return shared;
  }

  private void startAll() {
    options.requireBinaries();
    long t0 = System.nanoTime();
    step("etcd", this::startEtcd);
    step("kube-apiserver", this::startApiServer);
    step("crds", this::installCrds);
    step("kube-controller-manager", this::startControllerManager);
    step("rollouts-controller", this::startRolloutsController);
    startupSteps.put("total", Duration.ofNanos(System.nanoTime() - t0));
    LOG.info("Control plane up at {}: {}", masterUrl(), startupSteps);
  }

  private void step(String name, Runnable action) {
    long t = System.nanoTime();
    action.run();
    startupSteps.put(name, Duration.ofNanos(System.nanoTime() - t));
  }

  private void startEtcd() {
    int client = KafkaBroker.freePort();
    int peer = KafkaBroker.freePort();
    String clientUrl = "http://127.0.0.1:" + client;
    String peerUrl = "http://127.0.0.1:" + peer;
    ChildProcess etcd =
        launch(
            "etcd",
            List.of(
                "--name=e2e",
                "--data-dir=" + dataDir.resolve("etcd"),
                "--listen-client-urls=" + clientUrl,
                "--advertise-client-urls=" + clientUrl,
                "--listen-peer-urls=" + peerUrl,
                "--initial-advertise-peer-urls=" + peerUrl,
                "--initial-cluster=e2e=" + peerUrl,
                "--unsafe-no-fsync=true",
                "--log-level=warn"));
    HealthProbe.await(
        etcd,
        "/health",
        Duration.ofSeconds(60),
        () -> HealthProbe.ok(URI.create(clientUrl + "/health"), null));
    etcdUrl = clientUrl;
  }

  private void startApiServer() {
    ChildProcess api =
        launch(
            "kube-apiserver",
            List.of(
                "--etcd-servers=" + etcdUrl,
                "--bind-address=127.0.0.1",
                "--secure-port=" + apiPort,
                "--advertise-address=127.0.0.1",
                "--endpoint-reconciler-type=none",
                "--cert-dir=" + dataDir.resolve("pki"),
                "--token-auth-file=" + credentials.tokenFile(),
                "--authorization-mode=RBAC",
                "--service-account-issuer=https://127.0.0.1:" + apiPort,
                "--service-account-key-file=" + credentials.serviceAccountKey(),
                "--service-account-signing-key-file=" + credentials.serviceAccountKey(),
                "--service-cluster-ip-range=10.0.0.0/24",
                "--allow-privileged=true",
                "--profiling=false"));
    HealthProbe.await(
        api,
        "/readyz",
        Duration.ofSeconds(120),
        () -> HealthProbe.ok(URI.create(masterUrl() + "/readyz"), credentials.token()));
    kubeconfig =
        credentials.writeKubeconfig(dataDir.resolve("admin.kubeconfig"), masterUrl(), "default");
    client = newClient();
  }

  private void installCrds() {
    ArgoCrds.install(client, options.binDir().resolve("crds"), Duration.ofSeconds(60));
  }

  private void startControllerManager() {
    launch(
        "kube-controller-manager",
        List.of(
            "--kubeconfig=" + kubeconfig,
            "--leader-elect=false",
            "--secure-port=0",
            "--controllers="
                + String.join(
                    ",",
                    "deployment-controller",
                    "replicaset-controller",
                    "garbage-collector-controller",
                    "namespace-controller",
                    "serviceaccount-controller",
                    "root-ca-certificate-publisher-controller"),
            // published as ConfigMap kube-root-ca.crt: the CA pods verify the API server with
            "--root-ca-file=" + caCertificate(),
            "--kube-api-qps=100",
            "--kube-api-burst=200"));
  }

  private void startRolloutsController() {
    int healthz = KafkaBroker.freePort();
    ChildProcess rollouts =
        launch(
            "rollouts-controller",
            List.of(
                "--kubeconfig=" + kubeconfig,
                "--leader-elect=false",
                "--healthzPort=" + healthz,
                "--metricsPort=" + KafkaBroker.freePort(),
                "--ingress-api-version=networking/v1",
                "--qps=100",
                "--burst=200",
                "--loglevel=info"));
    HealthProbe.await(
        rollouts,
        "/healthz",
        Duration.ofSeconds(60),
        () -> HealthProbe.ok(URI.create("http://127.0.0.1:" + healthz + "/healthz"), null));
    // /healthz answers before the informers have synced; this line comes after they have
    HealthProbe.await(
        rollouts,
        "\"Started controller\" in its log",
        Duration.ofSeconds(60),
        () -> logContains(rollouts, "msg=\"Started controller\""));
  }

  private static boolean logContains(ChildProcess process, String text) {
    try {
      return Files.readString(process.logFile()).contains(text);
    } catch (IOException e) {
      return false;
    }
  }

  private ChildProcess launch(String binary, List<String> args) {
    Path log = options.logDir().resolve(binary + ".log");
    try {
      Files.deleteIfExists(log); // a previous run's lines would fool the log-based readiness check
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> command = new ArrayList<>();
    command.add(options.binDir().resolve(binary).toString());
    command.addAll(args);
    ChildProcess process = ChildProcess.start(binary, command, null, log);
    processes.add(process);
    return process;
  }

  private KubernetesClient newClient() {
    Config config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl(masterUrl())
            .withOauthToken(credentials.token())
            .withTrustCerts(true)
            .withDisableHostnameVerification(true)
            .withNamespace("default")
            .withRequestTimeout(30_000)
            .build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /** The API server, e.g. {@code https://127.0.0.1:41234}. */
  public String masterUrl() {
    return "https://127.0.0.1:" + apiPort;
  }

  /** The API server's port on 127.0.0.1. */
  public int apiPort() {
    return apiPort;
  }

  /**
   * The API server's self-signed serving certificate and its CA (PEM), written by the API server at
   * start; its SANs include {@code 127.0.0.1} (not {@code localhost}).
   */
  public Path caCertificate() {
    return dataDir.resolve("pki").resolve("apiserver.crt");
  }

  /** An admin client (the caller must not close it). */
  public KubernetesClient client() {
    return client;
  }

  public ClusterCredentials credentials() {
    return credentials;
  }

  /** An admin kubeconfig (current namespace {@code default}). */
  public Path kubeconfig() {
    return kubeconfig;
  }

  public Path logDir() {
    return options.logDir();
  }

  /** Where the binaries are: the output of {@code build-bins.sh}. */
  public Path binDir() {
    return options.binDir();
  }

  /** How long each start-up step took, in order, plus {@code total}. */
  public Map<String, Duration> startupSteps() {
    return Map.copyOf(startupSteps);
  }

  /** Stops the components in reverse order and deletes the data directory. */
  @Override
  public synchronized void close() {
    if (client != null) {
      client.close();
      client = null;
    }
    for (int i = processes.size() - 1; i >= 0; i--) {
      processes.get(i).stop(Duration.ofSeconds(10));
    }
    processes.clear();
    deleteRecursively(dataDir);
  }

  private static void deleteRecursively(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (var paths = Files.walk(root)) {
      paths.sorted((a, b) -> b.compareTo(a)).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // best effort: a temp dir left behind is harmless
    }
  }
}
