package io.kafkabluegreen.tests.e2e;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Creates the objects of a (multi-document) YAML manifest in a namespace. */
public final class Manifests {

  private Manifests() {}

  /** From a classpath resource of the test module. */
  public static List<HasMetadata> createFromResource(
      KubernetesClient client, String namespace, String resource) {
    try (InputStream in = Manifests.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no resource " + resource);
      }
      return create(client, namespace, in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** From a file of the repository (e.g. {@code rollouts/consumer-app.yaml}). */
  public static List<HasMetadata> createFromFile(
      KubernetesClient client, String namespace, Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return create(client, namespace, in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<HasMetadata> create(
      KubernetesClient client, String namespace, InputStream in) {
    List<HasMetadata> items = client.load(in).items();
    return items.stream()
        .map(item -> client.resource(item).inNamespace(namespace).create())
        .toList();
  }
}
