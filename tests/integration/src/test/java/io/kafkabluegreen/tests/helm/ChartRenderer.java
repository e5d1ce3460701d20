package io.kafkabluegreen.tests.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The kafka-bluegreen chart rendered by real Helm, in-process (helm-java). */
final class ChartRenderer {

  static final String RELEASE = "kafka-bluegreen";
  static final String NAMESPACE = "shop";

  /**
   * The Kubernetes version helm-java's {@code template} claims: its Helm is built without the
   * version flags of Helm's releases, so it falls back to v1.20.0, below the chart's floor.
   */
  static final String HELM_JAVA_KUBE_VERSION = "v1.20.0";

  /**
   * The key under which a render shows a hook's kind. helm-java's {@code template} returns the
   * release manifest without the hooks that Helm's own CLI appends, so the renderable copy renames
   * {@code helm.sh/hook} to this key: the hook becomes a plain object of the render, every other
   * line as the chart has it.
   */
  static final String HOOK_KEY = "rendered.kafka-bluegreen.io/helm-hook";

  private static final Pattern KUBE_VERSION = Pattern.compile("(?m)^kubeVersion:.*\\R");
  private static final Pattern HOOK = Pattern.compile("(?m)^(\\s+)helm\\.sh/hook:");
  private static Path renderable;

  private ChartRenderer() {}

  /** {@code helm template kafka-bluegreen -n shop [-f file] [--set k=v]...}; Helm errors throw. */
  static Manifests render(Map<String, ?> sets, Path... valuesFiles) {
    return Manifests.parse(template(renderableChart(), sets, valuesFiles).call());
  }

  static Manifests render(Path... valuesFiles) {
    return render(Map.of(), valuesFiles);
  }

  /** The repository's chart itself, kubeVersion included; for the check that it is enforced. */
  static String renderTheChartAsItIs() {
    return template(RepositoryFiles.chart(), Map.of()).call();
  }

  /** The NOTES.txt of {@code helm install --dry-run} (client only: no cluster is asked). */
  static String notes(Map<String, ?> sets) {
    InstallCommand install =
        new Helm(renderableChart())
            .install()
            .withName(RELEASE)
            .withNamespace(NAMESPACE)
            .dryRun()
            .clientOnly();
    for (Map.Entry<String, ?> set : sets.entrySet()) {
      install = install.set(set.getKey(), set.getValue());
    }
    String output = install.call().getOutput();
    int notes = output.indexOf("NOTES:");
    if (notes < 0) {
      throw new AssertionError("no NOTES in\n" + output);
    }
    return output.substring(notes);
  }

  static LintResult lintStrict() {
    return new Helm(RepositoryFiles.chart()).lint().strict().call();
  }

  private static TemplateCommand template(Path chart, Map<String, ?> sets, Path... valuesFiles) {
    TemplateCommand template =
        new Helm(chart).template().withName(RELEASE).withNamespace(NAMESPACE);
    for (Path file : valuesFiles) {
      template = template.withValuesFile(file);
    }
    for (Map.Entry<String, ?> set : sets.entrySet()) {
      template = template.set(set.getKey(), set.getValue());
    }
    return template;
  }

  /**
   * A copy of the chart that differs only by the kubeVersion line of Chart.yaml, which helm-java
   * cannot satisfy (see {@link #HELM_JAVA_KUBE_VERSION}), and by the hook key (see {@link
   * #HOOK_KEY}); everything else renders as it is.
   */
  private static synchronized Path renderableChart() {
    if (renderable == null) {
      try {
        Path source = RepositoryFiles.chart();
        Path copy = Files.createTempDirectory("kafka-bluegreen-chart").resolve("kafka-bluegreen");
        try (Stream<Path> files = Files.walk(source)) {
          for (Path file : (Iterable<Path>) files::iterator) {
            Path target = copy.resolve(source.relativize(file).toString());
            if (Files.isDirectory(file)) {
              Files.createDirectories(target);
            } else {
              Files.copy(file, target);
            }
          }
        }
        Path chartYaml = copy.resolve("Chart.yaml");
        Matcher line = KUBE_VERSION.matcher(Files.readString(chartYaml));
        if (!line.find()) {
          throw new IllegalStateException("Chart.yaml has no kubeVersion line");
        }
        Files.writeString(chartYaml, line.replaceFirst(""));
        showHooks(copy.resolve("templates"));
        renderable = copy;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return renderable;
  }

  private static void showHooks(Path templates) throws IOException {
    int hooks = 0;
    try (Stream<Path> files = Files.walk(templates)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        if (file.toString().endsWith(".yaml")) {
          Matcher hook = HOOK.matcher(Files.readString(file));
          if (hook.find()) {
            hooks++;
            Files.writeString(file, hook.replaceAll("$1" + HOOK_KEY + ":"));
          }
        }
      }
    }
    if (hooks == 0) {
      throw new IllegalStateException("no template with a helm.sh/hook annotation");
    }
  }
}
