package io.kafkabluegreen.provider.warmup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.kafkabluegreen.lifecycle.lease.LeaseState;
import io.kafkabluegreen.provider.handover.GroupReader;
import io.kafkabluegreen.provider.handover.HandoverRun;
import io.kafkabluegreen.provider.pods.LifecycleClient;
import io.kafkabluegreen.provider.pods.PodCall;
import io.kafkabluegreen.provider.pods.RevisionPod;
import io.kafkabluegreen.provider.pods.StatusCall;
import io.kafkabluegreen.provider.rollout.ManagedRollout;
import io.kafkabluegreen.provider.rollout.PodHash;
import io.kafkabluegreen.provider.rollout.RolloutReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pays at start what the first handover after a start would otherwise pay (issue #10). Measured on
 * a fresh provider, between the watcher's decision and the Lease's Draining write: 2.7 s of 2.8 s
 * went to the first pod list, that is to Jackson building its deserializers for fabric8's Pod model
 * (some 350 classes, each introspected); then the drain paid the pods' HTTP client's first request
 * and the verify Kafka Admin's first {@code describeConsumerGroups} (a few hundred ms together).
 * Without the watcher (handovers only through {@code POST .../handover}) the first request also
 * paid 2.4 s for the Kubernetes client's very first request to the API server (its Vert.x HTTP
 * client's classes and connection) while reading the Rollout. A provider idles for hours between
 * deployments, so it can pay all of that at start.
 *
 * <p>Side-effect free by construction: the Kubernetes model is exercised on bundled synthetic JSON
 * through the client's own serializer; the requests to the API server are reads it may make in any
 * case (the leader election's Lease, an absent Rollout, a pod list that selects nothing); Kafka is
 * only asked read-only questions about a group and a topic nobody uses ({@link #GROUP}, {@link
 * #TOPIC}; describing them and listing the group's offsets create nothing); the pods' HTTP client
 * asks this provider's own server for a path it does not serve, so no pod is called; a synthetic
 * handover result is written with the HTTP answers' own mapper and thrown away. Failures are logged
 * and otherwise ignored: the warm-up only fills caches.
 */
public final class Warmup {

  /** The group the Kafka step describes: no consumer uses it, so it never exists. */
  public static final String GROUP = "kafka-bluegreen-provider-warm-up";

  /** The topic it describes: nobody creates it, and Admin's metadata request never does. */
  public static final String TOPIC = "kafka-bluegreen-provider-warm-up";

  private static final Logger LOG = LoggerFactory.getLogger(Warmup.class);

  /**
   * What the warm-up did.
   *
   * @param millis each step's duration, in the order run
   * @param failures the steps that failed and why (empty when all succeeded)
   */
  public record Report(Map<String, Long> millis, List<String> failures) {
    public Report {
      millis = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(millis));
      failures = List.copyOf(failures);
    }

    /** Nothing was warmed (the warm-up is switched off). */
    public static Report skipped() {
      return new Report(Map.of(), List.of());
    }
  }

  /**
   * Where the API step may read: the leader election's Lease, and a namespace whose Rollouts and
   * pods the provider may read (the watched one, else the Lease's: a cluster-wide provider reads
   * everywhere).
   *
   * @param leaseNamespace the leader election Lease's namespace
   * @param leaseName its name
   * @param namespace where a Rollout is read and pods are listed
   */
  public record ApiReads(String leaseNamespace, String leaseName, String namespace) {}

  /** The Rollout the API step reads and the pod label it selects by: neither exists. */
  static final String ABSENT = "kafka-bluegreen-provider-warm-up";

  private final KubernetesClient kubernetes;
  private final ApiReads reads;
  private final GroupReader groups;
  private final LifecycleClient lifecycle;
  private final ObjectMapper responses;
  private final String selfHost;
  private final int selfPort;

  /**
   * @param reads where the API step reads
   * @param responses the mapper the HTTP answers are written with
   * @param selfHost an address this provider's HTTP server answers on
   * @param selfPort its port
   */
  public Warmup(
      KubernetesClient kubernetes,
      ApiReads reads,
      GroupReader groups,
      LifecycleClient lifecycle,
      ObjectMapper responses,
      String selfHost,
      int selfPort) {
    this.kubernetes = kubernetes;
    this.reads = reads;
    this.groups = groups;
    this.lifecycle = lifecycle;
    this.responses = responses;
    this.selfHost = selfHost;
    this.selfPort = selfPort;
  }

  /** Runs the warm-up on its own daemon thread, so that the provider serves meanwhile. */
  public CompletableFuture<Report> start() {
    CompletableFuture<Report> done = new CompletableFuture<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                done.complete(run());
              } catch (RuntimeException | Error e) {
                done.completeExceptionally(e);
              }
            },
            "warm-up");
    thread.setDaemon(true);
    thread.start();
    return done;
  }

  /** Every step, in the order a handover needs them. */
  public Report run() {
    long start = System.nanoTime();
    Map<String, Long> millis = new LinkedHashMap<>();
    List<String> failures = new ArrayList<>();
    step("kubernetes-api", this::kubernetesApi, millis, failures);
    step("kubernetes-model", this::kubernetesModel, millis, failures);
    step("kafka-admin", this::kafkaAdmin, millis, failures);
    step("lifecycle-http", this::lifecycleHttp, millis, failures);
    step("response-json", this::responseJson, millis, failures);
    Report report = new Report(millis, failures);
    if (failures.isEmpty()) {
      LOG.info("Warm-up done in {} ms: {}", (System.nanoTime() - start) / 1_000_000, millis);
    } else {
      LOG.warn(
          "Warm-up done in {} ms: {}; failed: {}",
          (System.nanoTime() - start) / 1_000_000,
          millis,
          failures);
    }
    return report;
  }

  private static void step(
      String name, Runnable step, Map<String, Long> millis, List<String> failures) {
    long start = System.nanoTime();
    try {
      step.run();
    } catch (RuntimeException e) {
      failures.add(name + ": " + e);
    }
    millis.put(name, (System.nanoTime() - start) / 1_000_000);
  }

  /**
   * The client's first requests to the API server (its HTTP stack's classes and a connection) on
   * the three paths a handover reads: a Lease, a Rollout (a generic resource; absent, so 404 and
   * null), a pod list by label (that matches nothing).
   */
  private void kubernetesApi() {
    kubernetes.leases().inNamespace(reads.leaseNamespace()).withName(reads.leaseName()).get();
    kubernetes
        .genericKubernetesResources(RolloutReader.ROLLOUTS)
        .inNamespace(reads.namespace())
        .withName(ABSENT)
        .get();
    kubernetes
        .pods()
        .inNamespace(reads.namespace())
        .withLabels(Map.of(PodHash.LABEL, ABSENT))
        .list();
  }

  /**
   * The reads and the write of a handover, on synthetic objects: a pod list (the expensive one), a
   * Lease read, decoded, encoded and serialized as the compare-and-swap sends it, and a Rollout.
   */
  private void kubernetesModel() {
    KubernetesSerialization json = kubernetes.getKubernetesSerialization();
    PodList pods = json.unmarshal(resource("pod-list.json"), PodList.class);
    if (pods.getItems().isEmpty()) {
      throw new IllegalStateException("the bundled pod list is empty");
    }
    Lease lease = json.unmarshal(resource("lease.json"), Lease.class);
    LeaseState state = LeaseState.decode(lease);
    json.asJson(state.encodeOnto(lease));
    GenericKubernetesResource rollout =
        json.unmarshal(resource("rollout.json"), GenericKubernetesResource.class);
    ManagedRollout.from(rollout).desiredHash();
  }

  /** A handover result as {@code POST .../handover} answers it, written and thrown away. */
  private void responseJson() {
    ManagedRollout rollout =
        ManagedRollout.from(
            kubernetes
                .getKubernetesSerialization()
                .unmarshal(resource("rollout.json"), GenericKubernetesResource.class));
    HandoverRun run = new HandoverRun(rollout, "5d9c7f8b6", "warm-up", "warm-up");
    try {
      responses.writeValueAsString(run.snapshot());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Admin's describe path (new consumer-group API, then the classic one), its offsets read and the
   * topic description the activation's ownership check asks for.
   */
  private void kafkaAdmin() {
    groups.describe(GROUP);
    groups.committed(GROUP);
    groups.partitionCounts(List.of(TOPIC));
  }

  /**
   * The pods' client's two kinds of request (a status GET, a command POST), sent to this provider
   * itself: it serves no {@code /lifecycle/...} path and answers 404, which is all the client needs
   * to have connected and read an answer. No pod is called.
   */
  private void lifecycleHttp() {
    RevisionPod self = new RevisionPod("warm-up", "", selfHost, selfPort, Optional.empty());
    StatusCall status = lifecycle.status(self).join();
    if (status.httpStatus() == 0) {
      throw new IllegalStateException("no answer from " + self.uri("/") + ": " + status.error());
    }
    PodCall command = lifecycle.resume(self).join();
    if (command.httpStatus() == 0) {
      throw new IllegalStateException("no answer from " + self.uri("/") + ": " + command.error());
    }
  }

  private static String resource(String name) {
    try (InputStream in = Warmup.class.getResourceAsStream("/warmup/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource /warmup/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
