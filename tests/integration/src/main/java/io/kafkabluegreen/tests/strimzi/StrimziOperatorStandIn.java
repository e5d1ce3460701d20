package io.kafkabluegreen.tests.strimzi;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kafkabluegreen.provider.connect.ConnectClient;
import io.kafkabluegreen.provider.connect.ConnectClientOptions;
import io.kafkabluegreen.provider.connect.ConnectClients;
import io.kafkabluegreen.provider.connect.ConnectorOffsetsJson;
import io.strimzi.api.kafka.Crds;
import io.strimzi.api.kafka.model.common.ConnectorState;
import io.strimzi.api.kafka.model.connector.KafkaConnector;
import io.strimzi.api.kafka.model.connector.KafkaConnectorStatus;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A STAND-IN for Strimzi's cluster operator, reconciling {@code KafkaConnector} resources only. The
 * operator is not published as a library, so tests run this instead; it follows the operator's
 * documented behaviour (strimzi.io docs "Deploying and managing", KafkaConnector, and the 0.44 blog
 * post "Managing connector offsets") for what strategy E relies on, and nothing more:
 *
 * <ul>
 *   <li>the connector named like the resource is created on the Connect cluster that the label
 *       {@code strimzi.io/cluster} names (the test maps names to REST URIs), with {@code
 *       connector.class} = {@code spec.class}, {@code tasks.max} = {@code spec.tasksMax} and {@code
 *       spec.config};
 *   <li>{@code spec.state} ({@code running}, {@code stopped}; default running) is applied through
 *       the REST API on every reconcile, so a state changed behind the resource's back is reverted;
 *   <li>the annotation {@code strimzi.io/connector-offsets}: {@code list} writes {@code GET
 *       …/offsets} into {@code offsets.json} of the ConfigMap {@code spec.listOffsets.toConfigMap}
 *       (other keys kept), {@code alter} applies that key of {@code
 *       spec.alterOffsets.fromConfigMap} (only to a stopped connector; otherwise it waits), and the
 *       annotation is removed once done;
 *   <li>{@code status.connectorStatus} mirrors the REST status.
 * </ul>
 *
 * <p>Reconciles run one at a time, on every watch event and on a periodic resync. A write the API
 * server refuses as a conflict (409: the provider edited the resource since it was read) is not
 * retried here: that edit's own watch event reconciles again, from the latest resource.
 */
public final class StrimziOperatorStandIn implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StrimziOperatorStandIn.class);
  private static final String OFFSETS = "strimzi.io/connector-offsets";
  private static final String CLUSTER = "strimzi.io/cluster";
  private static final String OFFSETS_KEY = "offsets.json";
  private static final long ESTABLISHED_TIMEOUT_SECONDS = 30;

  private final KubernetesClient client;
  private final String namespace;
  private final Function<String, Optional<URI>> clusters;

  /** Waiting for a connector to stop before altering its offsets: a retry, not a busy loop. */
  private static final long RETRY_MS = 200;

  private final ScheduledExecutorService reconciler =
      Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "strimzi-stand-in"));
  private final ConnectClients connect = new ConnectClients(ConnectClientOptions.defaults());
  private final ConnectJsonMapper json = new ConnectJsonMapper();
  private final Map<String, AtomicInteger> stateChanges = new ConcurrentHashMap<>();
  private SharedIndexInformer<KafkaConnector> informer;

  /**
   * @param clusters the REST URI of the Connect cluster a {@code strimzi.io/cluster} label names
   */
  public StrimziOperatorStandIn(
      KubernetesClient client, String namespace, Function<String, Optional<URI>> clusters) {
    this.client = client;
    this.namespace = namespace;
    this.clusters = clusters;
  }

  /**
   * Installs the CRD from Strimzi's published model if missing, waits until the API server serves
   * it, and starts reconciling.
   */
  public StrimziOperatorStandIn start(long resyncMillis) {
    String crd = Crds.kafkaConnector().getMetadata().getName();
    var crds = client.apiextensions().v1().customResourceDefinitions();
    if (crds.withName(crd).get() == null) {
      crds.resource(Crds.kafkaConnector()).create();
    }
    awaitServed(crd);
    informer =
        Crds.kafkaConnectorOperation(client)
            .inNamespace(namespace)
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(KafkaConnector c) {
                    enqueue(c.getMetadata().getName());
                  }

                  @Override
                  public void onUpdate(KafkaConnector before, KafkaConnector after) {
                    enqueue(after.getMetadata().getName());
                  }

                  @Override
                  public void onDelete(KafkaConnector c, boolean unknown) {}
                },
                resyncMillis);
    return this;
  }

  /**
   * A created CRD is served only once Established; an informer started before then fails its first
   * list with 404. (A mock API server never sets conditions but serves it at once.) Polled on this
   * thread: a {@code waitUntilCondition} predicate runs on the client's event loop, where the
   * {@code list} of {@link #served} would wait for a response only that blocked loop can deliver.
   */
  private void awaitServed(String crd) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ESTABLISHED_TIMEOUT_SECONDS);
    while (true) {
      CustomResourceDefinition current =
          client.apiextensions().v1().customResourceDefinitions().withName(crd).get();
      if (current != null && (established(current) || served())) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "CRD " + crd + " not served within " + ESTABLISHED_TIMEOUT_SECONDS + " s: " + current);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
    }
  }

  private static boolean established(CustomResourceDefinition crd) {
    return crd.getStatus() != null
        && crd.getStatus().getConditions() != null
        && crd.getStatus().getConditions().stream()
            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private boolean served() {
    try {
      Crds.kafkaConnectorOperation(client).inNamespace(namespace).list();
      return true;
    } catch (KubernetesClientException e) {
      return false;
    }
  }

  private void enqueue(String name) {
    reconciler.execute(
        () -> {
          try {
            reconcile(name);
          } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
              LOG.info("Stand-in: KafkaConnector {} changed while reconciled; again", name);
            } else {
              LOG.warn("Stand-in: reconciling KafkaConnector {} failed: {}", name, e.toString());
            }
          } catch (RuntimeException e) {
            LOG.warn("Stand-in: reconciling KafkaConnector {} failed: {}", name, e.toString());
          }
        });
  }

  private void reconcile(String name) {
    KafkaConnector resource =
        Crds.kafkaConnectorOperation(client).inNamespace(namespace).withName(name).get();
    if (resource == null) {
      return;
    }
    String label = orEmpty(resource.getMetadata().getLabels()).getOrDefault(CLUSTER, "");
    Optional<URI> uri = clusters.apply(label);
    if (uri.isEmpty()) {
      LOG.debug("Stand-in: no Connect cluster named {} for {}", label, name);
      return;
    }
    ConnectClient connect = this.connect.at(uri.get());
    ConnectorState desired =
        resource.getSpec().getState() == null
            ? ConnectorState.RUNNING
            : resource.getSpec().getState();
    Optional<io.kafkabluegreen.provider.connect.ConnectorState> actual = connect.status(name);
    if (actual.isEmpty()) {
      connect.createStopped(name, json.config(resource));
      if (desired == ConnectorState.RUNNING) {
        connect.resume(name);
      }
    } else if (desired == ConnectorState.STOPPED && !"STOPPED".equals(actual.get().state())) {
      connect.stop(name);
      countStateChange(name);
    } else if (desired == ConnectorState.RUNNING && "STOPPED".equals(actual.get().state())) {
      connect.resume(name);
      countStateChange(name);
    }
    String offsets = orEmpty(resource.getMetadata().getAnnotations()).get(OFFSETS);
    if ("list".equals(offsets) && resource.getSpec().getListOffsets() != null) {
      String map = resource.getSpec().getListOffsets().getToConfigMap().getName();
      writeConfigMap(map, ConnectorOffsetsJson.render(connect.offsets(name)));
      removeAnnotation(name);
    } else if ("alter".equals(offsets) && resource.getSpec().getAlterOffsets() != null) {
      boolean stopped = connect.status(name).map(s -> s.stoppedWithoutTasks()).orElse(false);
      if (stopped) {
        String map = resource.getSpec().getAlterOffsets().getFromConfigMap().getName();
        ConfigMap source = client.configMaps().inNamespace(namespace).withName(map).get();
        connect.alterOffsets(name, ConnectorOffsetsJson.parse(source.getData().get(OFFSETS_KEY)));
        removeAnnotation(name);
      } else {
        enqueueLater(name); // the operator alters offsets of stopped connectors only
      }
    }
    connect.status(name).ifPresent(s -> writeStatus(resource, s));
  }

  /**
   * How often this stand-in changed {@code name}'s run state on its existing connector to match
   * {@code spec.state}: each time the spec changed, or the state was changed behind its back.
   */
  public int stateChanges(String name) {
    AtomicInteger count = stateChanges.get(name);
    return count == null ? 0 : count.get();
  }

  private void countStateChange(String name) {
    stateChanges.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
  }

  private void enqueueLater(String name) {
    reconciler.schedule(() -> enqueue(name), RETRY_MS, TimeUnit.MILLISECONDS);
  }

  private void writeConfigMap(String name, String offsetsJson) {
    ConfigMap existing = client.configMaps().inNamespace(namespace).withName(name).get();
    ConfigMapBuilder builder =
        existing == null
            ? new ConfigMapBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(name)
                .endMetadata()
            : new ConfigMapBuilder(existing);
    ConfigMap map = builder.addToData(OFFSETS_KEY, offsetsJson).build();
    client.configMaps().inNamespace(namespace).resource(map).createOr(c -> c.update());
  }

  private void removeAnnotation(String name) {
    Crds.kafkaConnectorOperation(client)
        .inNamespace(namespace)
        .withName(name)
        .edit(
            c -> {
              c.getMetadata().getAnnotations().remove(OFFSETS);
              return c;
            });
  }

  /**
   * Writes {@code status} only when it changed: every write is a watch event, whose reconcile would
   * otherwise write again, forever.
   */
  private void writeStatus(
      KafkaConnector resource, io.kafkabluegreen.provider.connect.ConnectorState state) {
    KafkaConnectorStatus now = resource.getStatus();
    KafkaConnectorStatus next = json.status(resource, state);
    if (now != null
        && Objects.equals(now.getConnectorStatus(), next.getConnectorStatus())
        && Objects.equals(now.getObservedGeneration(), next.getObservedGeneration())) {
      return;
    }
    Crds.kafkaConnectorOperation(client)
        .inNamespace(namespace)
        .withName(resource.getMetadata().getName())
        .editStatus(
            c -> {
              c.setStatus(next);
              return c;
            });
  }

  private static Map<String, String> orEmpty(Map<String, String> map) {
    return map == null ? Map.of() : map;
  }

  @Override
  public void close() {
    if (informer != null) {
      informer.close();
    }
    reconciler.shutdownNow();
  }
}
