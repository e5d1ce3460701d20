package io.kafkabluegreen.tests.helm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.StreamSupport;

/** Reads the parts of workloads (Deployment, Rollout) and Services the tests look at. */
final class PodSpecs {

  private PodSpecs() {}

  /** The pod spec of a workload (Deployment, Rollout) or of a bare Pod. */
  static JsonNode podSpec(JsonNode object) {
    return "Pod".equals(object.path("kind").asText())
        ? object.path("spec")
        : object.path("spec").path("template").path("spec");
  }

  static JsonNode container(JsonNode workload, String name) {
    return stream(podSpec(workload).path("containers"))
        .filter(c -> name.equals(c.path("name").asText()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no container " + name));
  }

  static Optional<JsonNode> env(JsonNode container, String name) {
    return stream(container.path("env"))
        .filter(e -> name.equals(e.path("name").asText()))
        .findFirst();
  }

  static String envValue(JsonNode container, String name) {
    return env(container, name)
        .map(e -> e.path("value").asText())
        .orElseThrow(() -> new AssertionError("no env " + name));
  }

  static JsonNode podLabels(JsonNode workload) {
    return workload.path("spec").path("template").path("metadata").path("labels");
  }

  /** Argo's and Kubernetes' rule: a selector matches when each of its labels is on the pod. */
  static boolean selects(JsonNode selector, JsonNode labels) {
    Iterator<Map.Entry<String, JsonNode>> fields = selector.fields();
    boolean any = false;
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> label = fields.next();
      any = true;
      if (!label.getValue().asText().equals(labels.path(label.getKey()).asText(null))) {
        return false;
      }
    }
    return any;
  }

  static Set<String> portNames(JsonNode container) {
    Set<String> names = new HashSet<>();
    container.path("ports").forEach(p -> names.add(p.path("name").asText()));
    return names;
  }

  static java.util.stream.Stream<JsonNode> stream(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false);
  }
}
