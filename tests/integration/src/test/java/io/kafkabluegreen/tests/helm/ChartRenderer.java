package io.kafkabluegreen.tests.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.nio.file.Path;
import java.util.Map;

/** The kafka-bluegreen chart rendered by real Helm, in-process (helm-java). */
final class ChartRenderer {

  static final String RELEASE = "kafka-bluegreen";
  static final String NAMESPACE = "shop";

  private ChartRenderer() {}

  /** {@code helm template kafka-bluegreen -n shop [-f file] [--set k=v]...}; Helm errors throw. */
  static Manifests render(Map<String, ?> sets, Path... valuesFiles) {
    TemplateCommand template =
        new Helm(RepositoryFiles.chart()).template().withName(RELEASE).withNamespace(NAMESPACE);
    for (Path file : valuesFiles) {
      template = template.withValuesFile(file);
    }
    for (Map.Entry<String, ?> set : sets.entrySet()) {
      template = template.set(set.getKey(), set.getValue());
    }
    return Manifests.parse(template.call());
  }

  static Manifests render(Path... valuesFiles) {
    return render(Map.of(), valuesFiles);
  }

  static LintResult lintStrict() {
    return new Helm(RepositoryFiles.chart()).lint().strict().call();
  }
}
