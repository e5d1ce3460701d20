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
import io.kafkabluegreen.provider.pods.RevisionPod;
import io.kafkabluegreen.provider.pods.StatusCall;
import io.kafkabluegreen.provider.rollout.ManagedRollout;
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
 * and the verify Kafka Admin's first {@code describeConsumerGroups} (a few hundred ms together). A
 * provider idles for hours between deployments, so it can pay all of that at start.
 *
 * <p>Side-effect free by construction: the Kubernetes model is exercised on bundled synthetic JSON
 * through the client's own serializer; the one request to the API server is a GET of the leader
 * election's Lease (which the provider may read in any case, and which may not exist); Kafka is
 * only asked read-only questions about a group nobody uses ({@link #GROUP}; describing and listing
 * offsets of a group create nothing); the pods' HTTP client asks this provider's own server for a
 * path it does not serve, so no pod is called; a synthetic handover result is written with the HTTP
 * answers' own mapper and thrown away. Failures are logged and otherwise ignored: the warm-up only
 * fills caches.
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

  /** A Lease the provider is allowed to read: the one its leader election uses. */
  public record LeaseRef(String namespace, String name) {}

  private final KubernetesClient kubernetes;
  private final LeaseRef readable;
  private final GroupReader groups;
  private final LifecycleClient lifecycle;
  private final ObjectMapper responses;
  private final String selfHost;
  private final int selfPort;

  /**
   * @param readable the Lease the API step reads
   * @param responses the mapper the HTTP answers are written with
   * @param selfHost an address this provider's HTTP server answers on
   * @param selfPort its port
   */
  public Warmup(
      KubernetesClient kubernetes,
      LeaseRef readable,
      GroupReader groups,
      LifecycleClient lifecycle,
      ObjectMapper responses,
      String selfHost,
      int selfPort) {
    this.kubernetes = kubernetes;
    this.readable = readable;
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

  /** The client's first request to the API server: its HTTP stack's classes and a connection. */
  private void kubernetesApi() {
    kubernetes.leases().inNamespace(readable.namespace()).withName(readable.name()).get();
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
   * One request through the pods' client, to this provider itself: it answers 404 for {@code
   * /lifecycle/status}, which is all the client needs to have connected and read an answer.
   */
  private void lifecycleHttp() {
    RevisionPod self = new RevisionPod("warm-up", "", selfHost, selfPort, Optional.empty());
    StatusCall answer = lifecycle.status(self).join();
    if (answer.httpStatus() == 0) {
      throw new IllegalStateException("no answer from " + self.uri("/") + ": " + answer.error());
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
