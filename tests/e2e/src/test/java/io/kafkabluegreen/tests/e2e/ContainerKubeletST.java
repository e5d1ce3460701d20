package io.kafkabluegreen.tests.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kafkabluegreen.tests.e2e.kubelet.PodRuntime;
import io.kafkabluegreen.tests.e2e.kubelet.container.ImageStore;
import io.kafkabluegreen.tests.e2e.kubelet.container.ImageTarball;
import io.kafkabluegreen.tests.e2e.stub.PodChecks;
import io.kafkabluegreen.tests.e2e.stub.StubServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The container runtime of the kubelet on a real image: the JRE base image plus a layer with the
 * stub server's classes, run by {@code runc} as a Pod locked down like the chart's (non-root,
 * read-only root, no capabilities) with its own ServiceAccount. And the same Pod as a plain
 * process, which must get its own ServiceAccount token too. Each test prints how long the pod took
 * from creation to Ready.
 */
class ContainerKubeletST {

  /** The image key the test image is registered under. */
  private static final String PROBE_IMAGE = "kubelet-probe";

  private static final Duration TIMEOUT = Duration.ofSeconds(180);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  private static E2eCluster cluster;
  private static KubernetesClient client;
  private static Path imageWork;

  private String ns;

  @BeforeAll
  static void registerTheProbeImage() throws IOException {
    cluster = E2eCluster.shared();
    client = cluster.client();
    imageWork = Files.createTempDirectory("kbg-e2e-probe-image-");
    Path image = probeImage(imageWork);
    // unpacked before any pod starts, as a node pulls an image before it creates the container:
    // the start-up times below are the container's alone
    long t0 = System.nanoTime();
    ImageStore.shared().load(image);
    System.out.printf("Image unpacked (or found) in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    cluster
        .kubelet()
        .register(PROBE_IMAGE, PodRuntime.container(image, ip -> Map.of("STUB_BIND_ADDRESS", ip)));
  }

  @AfterAll
  static void deleteImageWork() throws IOException {
    if (imageWork != null) {
      try (var paths = Files.walk(imageWork)) {
        paths.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
      }
    }
  }

  @AfterEach
  void deleteNamespace() {
    if (ns != null) {
      cluster.deleteNamespace(ns);
    }
  }

  @Test
  void containerPod_runsLockedDown_withItsOwnServiceAccount_andStopsOnSigterm() throws Exception {
    // Given the probe pod as a container of the test image
    ns = cluster.createNamespace("container");
    long t0 = System.nanoTime();
    Pod pod = createProbePod(PROBE_IMAGE);

    // Then it becomes Ready (the kubelet probes /readyz and reports it)
    Pod ready = awaitReady();
    System.out.printf(
        "Start-up to Ready, container runtime: %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    String ip = ready.getStatus().getPodIP();
    assertThat(ready.getStatus().getContainerStatuses().get(0).getReady()).isTrue();

    // and it runs as the image's uid 10001 with fsGroup as a supplementary group
    String status = get(ip, "/file?path=/proc/self/status").body();
    assertThat(status).containsPattern("Uid:\\s+10001\\s+10001").containsPattern("Groups:.*10001");
    assertThat(status).containsPattern("CapEff:\\s+0+\\n").containsPattern("NoNewPrivs:\\s+1");

    // and its root is read-only; only the emptyDir at /tmp is writable
    HttpResponse<String> outside = post(ip, "/write?path=/etc/probe");
    assertThat(outside.statusCode()).isEqualTo(403);
    assertThat(outside.body()).contains("Read-only file system");
    assertThat(post(ip, "/write?path=/tmp/probe").statusCode()).isEqualTo(200);

    // and the Secret, the downward API (env and volume) and the hosts file arrived
    assertThat(get(ip, "/env").body())
        .contains("PROBE_PASSWORD=s3cr3t-from-the-secret\n")
        .contains("POD_NAME=probe\n")
        .contains("POD_IP=" + ip + "\n")
        .contains("KUBERNETES_SERVICE_HOST=127.0.0.1\n")
        .contains("JAVA_HOME="); // from the image's Env
    assertThat(get(ip, "/file?path=/etc/podinfo/app").body()).isEqualTo("probe");
    // mode 0400 yet readable: with fsGroup the kubelet gives a volume's files to that group (10001)
    assertThat(get(ip, "/file?path=/etc/probe-secret/password").body())
        .isEqualTo("s3cr3t-from-the-secret");
    assertThat(get(ip, "/file?path=/etc/hosts").body())
        .contains(ip + "\tprobe\n")
        .contains("127.0.0.1\tkubernetes.default.svc.cluster.local");

    // and RBAC decides what its own ServiceAccount token may do
    assertCallsTheApiAsItsOwnServiceAccount(ip, pod);

    // When the Pod is deleted
    client.pods().inNamespace(ns).withName("probe").delete();

    // Then the container got SIGTERM (its shutdown hook ran) and is gone
    Path log = cluster.controlPlane().logDir().resolve("pods").resolve(ns).resolve("probe.log");
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(cluster.kubelet().runningPods()).doesNotContain(ns + "/probe");
              assertThat(Files.readString(log)).contains("StubServer: stopping on SIGTERM");
              assertThat(listening(ip, 8080)).isFalse();
            });
  }

  @Test
  void processPod_getsItsOwnServiceAccountTokenToo() throws Exception {
    // Given the same pod, run as a plain process (the fast tiers' runtime)
    ns = cluster.createNamespace("process");
    long t0 = System.nanoTime();
    Pod pod = createProbePod(E2eCluster.STUB_IMAGE);

    // Then it becomes Ready, and calls the API server as its ServiceAccount, not as an admin
    Pod ready = awaitReady();
    System.out.printf(
        "Start-up to Ready, process runtime: %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    String ip = ready.getStatus().getPodIP();
    assertThat(get(ip, "/env").body()).doesNotContainPattern("(?m)^KUBECONFIG=");
    assertCallsTheApiAsItsOwnServiceAccount(ip, pod);
  }

  /**
   * The pod's calls with its own token: allowed what its Role grants, forbidden the rest; and the
   * token is bound to this very Pod (SelfSubjectReview of the token it holds).
   */
  private void assertCallsTheApiAsItsOwnServiceAccount(String ip, Pod pod) throws Exception {
    String user = "system:serviceaccount:" + ns + ":probe";
    assertThat(api(ip, "/api/v1/namespaces/" + ns + "/configmaps"))
        .startsWith("200\n")
        .contains("kube-root-ca.crt");
    assertThat(api(ip, "/api/v1/namespaces/" + ns + "/secrets"))
        .startsWith("403\n")
        .contains("User \\\"" + user + "\\\" cannot list resource \\\"secrets\\\"");
    assertThat(api(ip, "/api/v1/namespaces/default/configmaps")).startsWith("403\n");

    String token = podToken(ip);
    JsonNode review = selfSubjectReview(token).path("status").path("userInfo");
    assertThat(review.path("username").asText()).isEqualTo(user);
    JsonNode extra = review.path("extra");
    assertThat(extra.path("authentication.kubernetes.io/pod-name").get(0).asText())
        .isEqualTo("probe");
    assertThat(extra.path("authentication.kubernetes.io/pod-uid").get(0).asText())
        .isEqualTo(client.pods().inNamespace(ns).withName("probe").get().getMetadata().getUid());
  }

  /** The token as the pod sees it: at the standard path in a container, via the variable else. */
  private static String podToken(String ip) throws Exception {
    String env = get(ip, "/env").body();
    String path = "/var/run/secrets/kubernetes.io/serviceaccount/token";
    for (String line : env.split("\n")) {
      if (line.startsWith("KUBERNETES_AUTH_SERVICEACCOUNT_TOKEN=")) {
        path = line.substring(line.indexOf('=') + 1);
      }
    }
    HttpResponse<String> token = get(ip, "/file?path=" + path);
    assertThat(token.statusCode()).isEqualTo(200);
    return token.body().strip();
  }

  private Pod createProbePod(String image) {
    List<HasMetadata> items = Manifests.loadResource(client, "/container/probe-pod.yaml");
    for (HasMetadata item : items) {
      if (item instanceof Pod pod) {
        pod.getSpec().getContainers().get(0).setImage(image);
      }
    }
    Manifests.create(client, ns, items);
    return client.pods().inNamespace(ns).withName("probe").get();
  }

  private Pod awaitReady() {
    return await()
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> client.pods().inNamespace(ns).withName("probe").get(),
            p ->
                p != null
                    && p.getStatus().getConditions().stream()
                        .anyMatch(
                            c -> c.getType().equals("Ready") && c.getStatus().equals("True")));
  }

  private JsonNode selfSubjectReview(String token) throws Exception {
    HttpClient verified =
        HttpClient.newBuilder()
            .sslContext(PodChecks.trusting(cluster.controlPlane().caCertificate()))
            .build();
    HttpResponse<String> response =
        verified.send(
            HttpRequest.newBuilder(
                    URI.create(
                        cluster.controlPlane().masterUrl()
                            + "/apis/authentication.k8s.io/v1/selfsubjectreviews"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"SelfSubjectReview\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return JSON.readTree(response.body());
  }

  private static String api(String ip, String path) throws Exception {
    HttpResponse<String> response =
        get(ip, "/api?path=" + URLEncoder.encode(path, StandardCharsets.UTF_8));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.body();
  }

  private static HttpResponse<String> get(String ip, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://" + ip + ":8080" + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String ip, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://" + ip + ":8080" + path))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static boolean listening(String ip, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(ip, port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * The JRE base image ({@code images/build-base-image.sh}; {@code -Dkbg.e2e.baseImage} overrides)
   * plus a layer with the stub server's classes, run as uid 10001 like the project's images.
   */
  private static Path probeImage(Path work) throws IOException {
    // where images/build-base-image.sh writes it (the same KBG_BASE_IMAGE_DIR override as the
    // script)
    String dir =
        Objects.requireNonNullElse(
            System.getenv("KBG_BASE_IMAGE_DIR"),
            System.getProperty("user.home") + "/.cache/kafka-bluegreen/base-image");
    Path base = Path.of(System.getProperty("kbg.e2e.baseImage", dir + "/jre17-bookworm.tar"));
    assertThat(base).as("the base image; build it with images/build-base-image.sh").exists();
    Path classes =
        Path.of(StubServer.class.getProtectionDomain().getCodeSource().getLocation().getPath());
    Path stub = classes.resolve("io/kafkabluegreen/tests/e2e/stub");
    Path layer = work.resolve("app-layer/app/classes/io/kafkabluegreen/tests/e2e/stub");
    Files.createDirectories(layer);
    try (var files = Files.list(stub)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String name = file.getFileName().toString();
        if (name.startsWith("StubServer") || name.startsWith("PodChecks")) {
          Files.copy(file, layer.resolve(name));
        }
      }
    }
    return ImageTarball.in(work.resolve("image"))
        .from(base)
        .layer(work.resolve("app-layer"), true)
        .set(
            "Entrypoint",
            List.of(
                "java",
                "-Xmx64m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                "/app/classes",
                StubServer.class.getName()))
        .set("Cmd", List.of())
        .set("User", "10001:10001")
        .set("WorkingDir", "/app")
        .write(work.resolve("probe-image.tar"));
  }
}
