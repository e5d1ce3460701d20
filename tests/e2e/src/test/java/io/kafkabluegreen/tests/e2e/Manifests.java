package io.kafkabluegreen.tests.e2e;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Loads (multi-document) YAML manifests and creates their objects in a namespace. */
public final class Manifests {

  private Manifests() {}

  /** Creates the objects of a classpath resource of the test module. */
  public static List<HasMetadata> createFromResource(
      KubernetesClient client, String namespace, String resource) {
    return create(client, namespace, loadResource(client, resource));
  }

  /** Parses a classpath resource of the test module, for a test to adjust before creating. */
  public static List<HasMetadata> loadResource(KubernetesClient client, String resource) {
    try (InputStream in = Manifests.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no resource " + resource);
      }
      return client.load(in).items();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses a file of the repository (e.g. {@code rollouts/consumer-app-rollout.yaml}). */
  public static List<HasMetadata> loadFile(KubernetesClient client, Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return client.load(in).items();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Creates every object in {@code namespace}, in order. */
  public static List<HasMetadata> create(
      KubernetesClient client, String namespace, List<HasMetadata> items) {
    return items.stream()
        .map(item -> client.resource(item).inNamespace(namespace).create())
        .toList();
  }
}
