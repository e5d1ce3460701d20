package io.kafkabluegreen.tests.e2e.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.Release;
import com.marcnuri.helm.UpgradeCommand;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One release of the repository's chart on the tier's real API server, through real Helm (helm-java
 * runs Helm's Go library in-process): install, upgrade, {@code helm test} and uninstall, exactly
 * the calls an operator's {@code helm} makes, with the values given as {@code --set}.
 */
public final class ChartRelease {

  private final Path chart;
  private final Path kubeconfig;
  private final String namespace;
  private final String name;
  private final Map<String, Object> values = new LinkedHashMap<>();

  /**
   * @param chart the chart's directory
   * @param kubeconfig credentials Helm uses (the cluster administrator's, as for a platform team)
   */
  public ChartRelease(Path chart, Path kubeconfig, String namespace, String name) {
    this.chart = chart;
    this.kubeconfig = kubeconfig;
    this.namespace = namespace;
    this.name = name;
  }

  public String namespace() {
    return namespace;
  }

  public String name() {
    return name;
  }

  /** The values of the last install or upgrade. */
  public Map<String, Object> values() {
    return Map.copyOf(values);
  }

  /**
   * {@code helm install NAME CHART -n NS --set ... --wait --timeout}: returns once every
   * Deployment's pods are Ready, or throws with Helm's message.
   */
  public Release install(Map<String, ?> sets, Duration timeout) {
    values.clear();
    values.putAll(sets);
    InstallCommand install =
        new Helm(chart)
            .install()
            .withName(name)
            .withNamespace(namespace)
            .withKubeConfig(kubeconfig)
            .waitReady()
            .withTimeout(seconds(timeout));
    for (Map.Entry<String, ?> set : sets.entrySet()) {
      install = install.set(set.getKey(), set.getValue());
    }
    return install.call();
  }

  /**
   * {@code helm upgrade NAME CHART -n NS --set ... --wait} with the install's values plus {@code
   * sets}: what an operator does who keeps the values of a release in one file and edits it.
   */
  public Release upgrade(Map<String, ?> sets, Duration timeout) {
    values.putAll(sets);
    UpgradeCommand upgrade =
        new Helm(chart)
            .upgrade()
            .withName(name)
            .withNamespace(namespace)
            .withKubeConfig(kubeconfig)
            .waitReady()
            .withTimeout(seconds(timeout));
    for (Map.Entry<String, Object> set : values.entrySet()) {
      upgrade = upgrade.set(set.getKey(), set.getValue());
    }
    return upgrade.call();
  }

  /** {@code helm test NAME}: runs the chart's test hooks; throws when one fails. */
  public Release test(Duration timeout) {
    return Helm.test(name)
        .withNamespace(namespace)
        .withKubeConfig(kubeconfig)
        .withTimeout(seconds(timeout))
        .call();
  }

  /** {@code helm uninstall NAME}, tolerating a release that is already gone. */
  public void uninstall() {
    Helm.uninstall(name)
        .withNamespace(namespace)
        .withKubeConfig(kubeconfig)
        .ignoreNotFound()
        .call();
  }

  private static int seconds(Duration timeout) {
    return (int) Math.max(1, timeout.toSeconds());
  }
}
