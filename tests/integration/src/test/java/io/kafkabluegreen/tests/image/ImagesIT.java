package io.kafkabluegreen.tests.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kafkabluegreen.tests.image.ImageTarball.Layer;
import io.kafkabluegreen.tests.process.ModuleClasspath;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The image tarballs that Jib wrote into {@code <module>/target/jib-image.tar} during this build:
 * what the chart relies on (user, entrypoint, JVM flags, port), the OCI labels, and the layering
 * (base, dependencies, the application's classes each apart).
 */
class ImagesIT {

  /** Each tarball read once: a read lists every entry of every layer, the base's included. */
  private static final Map<String, ImageTarball> IMAGES = new ConcurrentHashMap<>();

  static Stream<Arguments> images() {
    return Stream.of(
        Arguments.of("analysis-provider", "io.kafkabluegreen.provider.Main"),
        Arguments.of("consumer-app", "io.kafkabluegreen.app.Main"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("images")
  void When_image_built_Then_it_runs_main_class_as_uid_10001_with_container_jvm_flags(
      String module, String mainClass) throws IOException {
    JsonNode config = image(module).config().path("config");

    assertThat(config.path("User").asText()).isEqualTo("10001:10001");
    assertThat(strings(config.path("Entrypoint")))
        .containsExactly(
            "java",
            "-XX:MaxRAMPercentage=75",
            "-XX:+ExitOnOutOfMemoryError",
            "-Djava.io.tmpdir=/tmp",
            "-cp",
            "@/app/jib-classpath-file",
            mainClass);
    assertThat(config.path("Cmd").isMissingNode() || config.path("Cmd").isNull()).isTrue();
    assertThat(fieldNames(config.path("ExposedPorts"))).containsExactly("8080/tcp");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("images")
  void When_image_built_Then_it_is_tagged_and_labelled_with_the_project_version(
      String module, String mainClass) throws IOException {
    ImageTarball image = image(module);
    String version = projectVersion(module);
    JsonNode labels = image.config().path("config").path("Labels");

    assertThat(image.repoTag()).isEqualTo("kafka-bluegreen/" + module + ":" + version);
    assertThat(labels.path("org.opencontainers.image.version").asText()).isEqualTo(version);
    assertThat(labels.path("org.opencontainers.image.title").asText()).isEqualTo(module);
    assertThat(labels.path("org.opencontainers.image.licenses").asText()).isEqualTo("Apache-2.0");
    assertThat(labels.path("org.opencontainers.image.source").asText()).startsWith("https://");
    // The module's own description, not the one inherited from the parent pom.
    assertThat(labels.path("org.opencontainers.image.description").asText())
        .isNotBlank()
        .isNotEqualTo(description(image(otherModule(module))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("images")
  void When_image_built_Then_classes_dependencies_and_base_are_layers_apart(
      String module, String mainClass) throws IOException {
    ImageTarball image = image(module);
    List<Layer> layers = image.layers();
    List<String> origins = image.layerOrigins();
    assertThat(origins).hasSameSizeAs(layers);

    Layer classes = layers.get(origins.indexOf("classes"));
    Layer dependencies = layers.get(origins.indexOf("dependencies"));
    Layer projectDependencies = layers.get(origins.indexOf("project dependencies"));
    String mainClassFile = "app/classes/" + mainClass.replace('.', '/') + ".class";

    assertThat(classes.contains(mainClassFile)).as(mainClassFile).isTrue();
    assertThat(files(classes)).allMatch(p -> p.startsWith("app/classes/"));
    assertThat(files(dependencies))
        .isNotEmpty()
        .allMatch(p -> p.startsWith("app/libs/") && p.endsWith(".jar"))
        .anyMatch(p -> p.startsWith("app/libs/kafka-clients-"));
    assertThat(files(projectDependencies))
        .containsExactlyInAnyOrder(
            "app/libs/common-" + projectVersion(module) + ".jar",
            "app/libs/lifecycle-webhook-" + projectVersion(module) + ".jar");

    // Everything before Jib's first layer is the base image, and it brings java on the PATH.
    List<Layer> base = layers.subList(0, origins.indexOf("dependencies"));
    assertThat(base).isNotEmpty();
    assertThat(base).noneMatch(l -> l.paths().stream().anyMatch(p -> p.startsWith("app/")));
    assertThat(javaOnPath(image.config(), base)).as("java in a PATH dir of the base").isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("images")
  void When_image_built_Then_jib_files_name_the_main_class_and_the_app_layout(
      String module, String mainClass) throws IOException {
    List<Layer> layers = image(module).layers();
    Layer argFiles = layers.get(layers.size() - 1);

    assertThat(argFiles.text("app/jib-main-class-file")).hasValue(mainClass);
    String classpath = argFiles.text("app/jib-classpath-file").orElseThrow();
    assertThat(classpath.split(":"))
        .startsWith("/app/resources", "/app/classes")
        .contains(
            "/app/libs/common-" + projectVersion(module) + ".jar",
            "/app/libs/lifecycle-webhook-" + projectVersion(module) + ".jar")
        .anyMatch(p -> p.startsWith("/app/libs/kafka-clients-"));
  }

  private static boolean javaOnPath(JsonNode config, List<Layer> base) {
    List<String> env = strings(config.path("config").path("Env"));
    String path =
        env.stream().filter(e -> e.startsWith("PATH=")).findFirst().orElse("PATH=").substring(5);
    return Arrays.stream(path.split(":"))
        .filter(dir -> !dir.isEmpty())
        .map(dir -> dir.substring(1) + "/java")
        .anyMatch(java -> base.stream().anyMatch(l -> l.contains(java)));
  }

  private static List<String> files(Layer layer) {
    return layer.paths().stream().filter(p -> !p.endsWith("/")).toList();
  }

  private static ImageTarball image(String module) throws IOException {
    ImageTarball image = IMAGES.get(module);
    if (image == null) {
      image = ImageTarball.read(target(module).resolve("jib-image.tar"));
      IMAGES.put(module, image);
    }
    return image;
  }

  /** The version Maven packaged the module with (maven-jar-plugin's pom.properties). */
  private static String projectVersion(String module) throws IOException {
    Properties properties = new Properties();
    try (InputStream in =
        Files.newInputStream(target(module).resolve("maven-archiver/pom.properties"))) {
      properties.load(in);
    }
    return properties.getProperty("version");
  }

  private static String description(ImageTarball image) {
    return image
        .config()
        .path("config")
        .path("Labels")
        .path("org.opencontainers.image.description")
        .asText();
  }

  private static String otherModule(String module) {
    return module.equals("consumer-app") ? "analysis-provider" : "consumer-app";
  }

  private static Path target(String module) {
    return ModuleClasspath.repositoryRoot().resolve(module).resolve("target");
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }

  private static List<String> fieldNames(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
