package io.kafkabluegreen.tests.k8s;

import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pods (and their ReplicaSets) as Argo Rollouts and the kubelet would leave them: labelled with the
 * app and {@code rollouts-pod-template-hash}, owned by the ReplicaSet {@code <rollout>-<hash>},
 * Running with {@code status.podIP} = the local process's loopback address, Ready when the process
 * answers its readiness probe.
 */
public final class PodObjects {

  public static final String HASH_LABEL = "rollouts-pod-template-hash";

  private final KubernetesClient client;
  private final String namespace;

  PodObjects(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  /** Creates the Pod, not Ready yet (its process is starting). */
  public Pod create(String rollout, String app, String name, String hash, String podIp, int port) {
    ReplicaSet replicaSet = replicaSet(rollout, app, hash);
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(namespace)
            .addToLabels("app", app)
            .addToLabels(HASH_LABEL, hash)
            .withOwnerReferences(
                new OwnerReferenceBuilder()
                    .withApiVersion("apps/v1")
                    .withKind("ReplicaSet")
                    .withName(replicaSet.getMetadata().getName())
                    .withUid(replicaSet.getMetadata().getUid())
                    .withController(true)
                    .build())
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName(app)
            .withImage("local/" + app + ":" + hash)
            .withPorts(new ContainerPortBuilder().withName("http").withContainerPort(port).build())
            .endContainer()
            .endSpec()
            .withNewStatus()
            .withPhase("Running")
            .withPodIP(podIp)
            .withHostIP("127.0.0.1")
            .withStartTime(Instant.now().toString())
            .withConditions(condition(false))
            .endStatus()
            .build();
    return client.pods().inNamespace(namespace).resource(pod).create();
  }

  /** Sets the Ready condition, as the kubelet does after the readiness probe answers (or stops). */
  public void setReady(String name, boolean ready) {
    client
        .pods()
        .inNamespace(namespace)
        .withName(name)
        .editStatus(
            pod -> {
              pod.getStatus().setConditions(List.of(condition(ready)));
              return pod;
            });
  }

  /** Adds an annotation, e.g. a Connect worker's own {@code kafka-bluegreen.io/connect-port}. */
  public void annotate(String name, String key, String value) {
    client
        .pods()
        .inNamespace(namespace)
        .withName(name)
        .edit(
            pod -> {
              Map<String, String> annotations = new HashMap<>();
              if (pod.getMetadata().getAnnotations() != null) {
                annotations.putAll(pod.getMetadata().getAnnotations());
              }
              annotations.put(key, value);
              pod.getMetadata().setAnnotations(annotations);
              return pod;
            });
  }

  public void delete(String name) {
    client.pods().inNamespace(namespace).withName(name).delete();
  }

  public List<Pod> ofHash(String hash) {
    return client.pods().inNamespace(namespace).withLabel(HASH_LABEL, hash).list().getItems();
  }

  private ReplicaSet replicaSet(String rollout, String app, String hash) {
    String name = rollout + "-" + hash;
    ReplicaSet existing = client.apps().replicaSets().inNamespace(namespace).withName(name).get();
    if (existing != null) {
      return existing;
    }
    ReplicaSet replicaSet =
        new ReplicaSetBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(namespace)
            .addToLabels("app", app)
            .addToLabels(HASH_LABEL, hash)
            .endMetadata()
            .withNewSpec()
            .withNewSelector()
            .addToMatchLabels("app", app)
            .addToMatchLabels(HASH_LABEL, hash)
            .endSelector()
            .endSpec()
            .build();
    return client.apps().replicaSets().inNamespace(namespace).resource(replicaSet).create();
  }

  private static io.fabric8.kubernetes.api.model.PodCondition condition(boolean ready) {
    return new PodConditionBuilder()
        .withType("Ready")
        .withStatus(ready ? "True" : "False")
        .withLastTransitionTime(Instant.now().toString())
        .build();
  }
}
