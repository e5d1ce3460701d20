package io.kafkabluegreen.tests.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** values.yaml, values.schema.json, README.md and Chart.yaml stay in step (argo-helm habits). */
class HelmValuesTest {

  private static final Pattern KEY = Pattern.compile("^( *)([A-Za-z0-9_.-]+):(.*)$");

  private final String valuesText =
      RepositoryFiles.read(RepositoryFiles.chart().resolve("values.yaml"));

  /**
   * A key of values.yaml: its dotted path, whether it holds a value, whether `# --` documents it.
   */
  record Declared(String path, boolean leaf, boolean documented) {}

  @Test
  void everyValueIsDocumentedWhereItIsDeclared() {
    List<Declared> keys = declaredKeys();

    assertThat(keys).hasSizeGreaterThan(50);
    List<String> undocumented = new ArrayList<>();
    for (Declared key : keys) {
      if (key.leaf() && !key.documented() && !hasDocumentedAncestor(key, keys)) {
        undocumented.add(key.path());
      }
    }
    assertThat(undocumented).isEmpty();
  }

  @Test
  void schemaDeclaresExactlyTheValues() throws Exception {
    JsonNode values = Manifests.YAML.readTree(valuesText);
    JsonNode schema =
        new ObjectMapper().readTree(RepositoryFiles.chart().resolve("values.schema.json").toFile());

    assertThat(schema.path("$schema").asText()).contains("draft-07");
    Set<String> documentedBlocks =
        declaredKeys().stream()
            .filter(k -> k.documented() && !k.leaf())
            .map(Declared::path)
            .collect(Collectors.toSet());
    List<String> problems = new ArrayList<>();
    compare("", values, schema, documentedBlocks, problems);
    assertThat(problems).isEmpty();
  }

  @Test
  void readmeTablesEveryDocumentedValue() {
    String readme = RepositoryFiles.read(RepositoryFiles.chart().resolve("README.md"));

    List<String> missing =
        declaredKeys().stream()
            .filter(Declared::documented)
            .map(Declared::path)
            .filter(path -> !readme.contains("| `" + path + "` |"))
            .toList();
    assertThat(missing).isEmpty();
  }

  @Test
  void chartHasAVersionAndAnAppVersion() throws Exception {
    JsonNode chart =
        Manifests.YAML.readTree(RepositoryFiles.chart().resolve("Chart.yaml").toFile());

    assertThat(chart.path("apiVersion").asText()).isEqualTo("v2");
    assertThat(chart.path("version").asText()).matches("\\d+\\.\\d+\\.\\d+(-[\\w.]+)?");
    assertThat(chart.path("appVersion").asText()).isNotBlank();
    String readme = RepositoryFiles.read(RepositoryFiles.chart().resolve("README.md"));
    assertThat(readme).contains("Version: " + chart.path("version").asText());
  }

  /** Walks values.yaml line by line: the Jackson tree has no comments. */
  private List<Declared> declaredKeys() {
    List<Declared> keys = new ArrayList<>();
    Deque<Map.Entry<Integer, String>> parents = new ArrayDeque<>();
    boolean documented = false;
    for (String line : valuesText.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.startsWith("# --")) {
        documented = true;
        continue;
      }
      if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("- ")) {
        continue;
      }
      Matcher m = KEY.matcher(line);
      if (!m.matches()) {
        continue;
      }
      int indent = m.group(1).length();
      while (!parents.isEmpty() && parents.peek().getKey() >= indent) {
        parents.pop();
      }
      StringBuilder path = new StringBuilder();
      parents.descendingIterator().forEachRemaining(p -> path.append(p.getValue()).append('.'));
      path.append(m.group(2));
      String value = m.group(3).strip();
      keys.add(new Declared(path.toString(), !value.isEmpty(), documented));
      parents.push(Map.entry(indent, m.group(2)));
      documented = false;
    }
    return keys;
  }

  private static boolean hasDocumentedAncestor(Declared key, List<Declared> keys) {
    return keys.stream().anyMatch(k -> k.documented() && key.path().startsWith(k.path() + "."));
  }

  /**
   * Both directions: every value is in the schema, and every schema property is in values.yaml,
   * except the optional fields of a block documented as a whole (a probe, a label selector).
   */
  private static void compare(
      String path,
      JsonNode value,
      JsonNode schema,
      Set<String> documentedBlocks,
      List<String> problems) {
    String type = schema.path("type").asText("");
    if (!type.isEmpty() && !matchesType(value, schema.path("type"))) {
      problems.add(path + ": " + value.getNodeType() + " is not " + schema.path("type"));
    }
    if (!value.isObject() || !schema.has("properties")) {
      return; // a leaf, or a free-form map the schema does not enumerate
    }
    JsonNode properties = schema.path("properties");
    for (Iterator<String> names = value.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!properties.has(name)) {
        problems.add(path + name + ": in values.yaml, not in the schema");
      } else {
        compare(
            path + name + ".", value.path(name), properties.path(name), documentedBlocks, problems);
      }
    }
    if (documentedBlocks.contains(path.replaceAll("\\.$", ""))
        || documentedBlocks.stream().anyMatch(block -> path.startsWith(block + "."))) {
      return;
    }
    for (Iterator<String> names = properties.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!value.has(name) && !(path.isEmpty() && name.equals("global"))) {
        problems.add(path + name + ": in the schema, not in values.yaml");
      }
    }
  }

  private static boolean matchesType(JsonNode value, JsonNode type) {
    if (type.isArray()) {
      for (JsonNode t : type) {
        if (matchesType(value, t)) {
          return true;
        }
      }
      return false;
    }
    return switch (type.asText()) {
      case "object" -> value.isObject();
      case "array" -> value.isArray();
      case "string" -> value.isTextual();
      case "integer" -> value.isIntegralNumber();
      case "number" -> value.isNumber();
      case "boolean" -> value.isBoolean();
      default -> false;
    };
  }
}
