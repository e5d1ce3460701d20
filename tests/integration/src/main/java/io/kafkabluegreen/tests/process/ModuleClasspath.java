package io.kafkabluegreen.tests.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the classpath of a module of this repository for a child JVM, from what the Maven build
 * left in {@code target/}: the module's own {@code target/classes} first (so its logging
 * configuration wins), then its {@code target/<module>.classpath} if the module writes one, else
 * this module's {@code tests/integration/target/demo.classpath} (which holds every module the demo
 * runs).
 */
public final class ModuleClasspath {

  private ModuleClasspath() {}

  /** The classpath to run {@code module} (e.g. {@code consumer-app}). */
  public static String of(String module) {
    Path root = repositoryRoot();
    Path target = root.resolve(module).resolve("target");
    Path own = target.resolve(module + ".classpath");
    Path demo = root.resolve("tests/integration/target/demo.classpath");
    Path classpathFile = Files.isRegularFile(own) ? own : demo;
    if (!Files.isRegularFile(classpathFile)) {
      throw new IllegalStateException(
          "No classpath file for "
              + module
              + " ("
              + own
              + " or "
              + demo
              + "): run the Maven build");
    }
    if (!Files.isDirectory(target.resolve("classes"))) {
      throw new IllegalStateException(module + " is not built: " + target.resolve("classes"));
    }
    return target.resolve("classes") + java.io.File.pathSeparator + read(classpathFile);
  }

  /**
   * The repository root: the {@code kafkabluegreen.root} system property, or the nearest folder
   * upwards from the working directory holding {@code mvnw} and {@code consumer-app/}.
   */
  public static Path repositoryRoot() {
    String configured = System.getProperty("kafkabluegreen.root");
    if (configured != null) {
      return Path.of(configured).toAbsolutePath();
    }
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      if (Files.isRegularFile(dir.resolve("mvnw"))
          && Files.isDirectory(dir.resolve("consumer-app"))) {
        return dir;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException(
        "repository root not found above " + Path.of("").toAbsolutePath());
  }

  private static String read(Path file) {
    try {
      return Files.readString(file).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
