package io.kafkabluegreen.tests.helm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The string literals of the product's main sources: the names the code really defines (metric
 * names, environment variables). Read from the source tree, so that a name that only lives in a
 * manifest has nowhere to hide.
 */
final class JavaSources {

  static final List<String> MODULES =
      List.of("analysis-provider", "consumer-app", "lifecycle-webhook", "common");

  private static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\\\n]|\\\\.)*)\"");

  private static Set<String> literals;

  private JavaSources() {}

  /** Every string literal in {@code <module>/src/main/java} of the product modules. */
  static synchronized Set<String> literals() {
    if (literals == null) {
      Set<String> found = new TreeSet<>();
      for (String module : MODULES) {
        Path root = RepositoryFiles.root().resolve(module).resolve("src/main/java");
        try (Stream<Path> files = Files.walk(root)) {
          files
              .filter(f -> f.toString().endsWith(".java"))
              .forEach(f -> collect(RepositoryFiles.read(f), found));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      literals = Set.copyOf(found);
    }
    return literals;
  }

  private static void collect(String source, Set<String> into) {
    Matcher m = LITERAL.matcher(source);
    while (m.find()) {
      into.add(m.group(1));
    }
  }
}
