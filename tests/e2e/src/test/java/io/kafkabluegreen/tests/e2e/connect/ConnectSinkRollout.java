package io.kafkabluegreen.tests.e2e.connect;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kafkabluegreen.tests.e2e.E2eCluster;
import io.kafkabluegreen.tests.e2e.Manifests;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Deploys a sink connector blue/green with strategy E ({@code connect/connect-sink-rollout.yaml}):
 * the project's {@code kafka-handover} AnalysisTemplate, the two Services Argo requires, and the
 * Rollout of Connect workers, filled in with what differs per test.
 */
public final class ConnectSinkRollout {

  /** The Rollout's name in the manifest. */
  public static final String ROLLOUT = "connect-sink";

  /** Its Lease (the provider's default {@code <rollout>-kafka-active}). */
  public static final String LEASE = "connect-sink-kafka-active";

  /** {@code kafka-bluegreen.io/connector}: revision {@code h} runs {@code orders-sink-h}. */
  public static final String CONNECTOR = "orders-sink";

  private static final String RESOURCE = "/connect/connect-sink-rollout.yaml";

  private ConnectSinkRollout() {}

  /**
   * Creates everything in {@code namespace}, next to the provider's release (whose Secret the
   * template reads).
   *
   * @param bootstrapServers the workers' Kafka
   * @param providerUrl the address Argo's analysis calls (Services do not route in this tier)
   * @param sinkDir where each worker pod's file sink writes {@code <pod>.txt}
   */
  public static void apply(
      KubernetesClient client,
      String namespace,
      String bootstrapServers,
      String providerUrl,
      Path sinkDir) {
    List<HasMetadata> items =
        new ArrayList<>(
            Manifests.loadFile(
                client,
                E2eCluster.repo().resolve("analysis-templates").resolve("kafka-handover.yaml")));
    String yaml =
        resource()
            .replace("${PROVIDER_URL}", providerUrl)
            .replace("${BOOTSTRAP_SERVERS}", bootstrapServers)
            .replace("${SINK_DIR}", sinkDir.toString());
    items.addAll(
        client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items());
    Manifests.create(client, namespace, items);
  }

  /** The connector revision {@code hash} runs. */
  public static String connector(String hash) {
    return CONNECTOR + "-" + hash;
  }

  private static String resource() {
    try (InputStream in = ConnectSinkRollout.class.getResourceAsStream(RESOURCE)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
