package io.kafkabluegreen.tests.helm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Locates the repository's deployable files from wherever Maven runs the tests. */
final class RepositoryFiles {

  private RepositoryFiles() {}

  /** The repository root: the first ancestor of the working directory that holds the chart. */
  static Path root() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("helm/kafka-bluegreen/Chart.yaml"))) {
        return dir;
      }
    }
    throw new IllegalStateException("no helm/kafka-bluegreen/Chart.yaml above the working dir");
  }

  static Path chart() {
    return root().resolve("helm/kafka-bluegreen");
  }

  /** The {@code *.yaml} files directly in a repository folder, sorted by name. */
  static List<Path> yamlFiles(String folder) {
    try (Stream<Path> files = Files.list(root().resolve(folder))) {
      return files.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
