package io.kafkabluegreen.tests.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A set of Kubernetes objects parsed from multi-document YAML (a rendered chart, or files of the
 * repository), with look-ups by kind and name. The raw text is kept for "never appears" checks.
 */
final class Manifests {

  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final String text;
  private final List<JsonNode> objects;

  private Manifests(String text, List<JsonNode> objects) {
    this.text = text;
    this.objects = objects;
  }

  static Manifests parse(String text) {
    List<JsonNode> objects = new ArrayList<>();
    try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(text)) {
      while (docs.hasNextValue()) {
        JsonNode doc = docs.nextValue();
        if (doc != null && doc.isObject() && doc.has("kind")) {
          objects.add(doc);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("not valid YAML:\n" + text, e);
    }
    return new Manifests(text, objects);
  }

  static Manifests read(List<Path> files) {
    StringBuilder all = new StringBuilder();
    for (Path file : files) {
      all.append(RepositoryFiles.read(file)).append("\n---\n");
    }
    return parse(all.toString());
  }

  String text() {
    return text;
  }

  List<JsonNode> all() {
    return objects;
  }

  List<JsonNode> ofKind(String kind) {
    return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
  }

  boolean has(String kind) {
    return !ofKind(kind).isEmpty();
  }

  /** The only object of a kind; fails the test if there is none or more than one. */
  JsonNode one(String kind) {
    List<JsonNode> found = ofKind(kind);
    assertThat(found).as("objects of kind %s", kind).hasSize(1);
    return found.get(0);
  }

  JsonNode named(String kind, String name) {
    return ofKind(kind).stream()
        .filter(o -> name.equals(o.path("metadata").path("name").asText()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " named " + name));
  }
}
