package io.kafkabluegreen.tests.e2e.rollouts;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Watches one Rollout and remembers when each thing was first seen: each {@code
 * status.blueGreen.activeSelector} value (a promotion), and {@code status.abort=true}. The
 * switch-time figures are measured from these instants.
 */
public final class RolloutTimeline implements AutoCloseable {

  private final Map<String, Instant> activeSince = new ConcurrentHashMap<>();
  private final Watch watch;
  private volatile Instant abortedAt;

  private RolloutTimeline(KubernetesClient client, String namespace, String name) {
    this.watch =
        client
            .genericKubernetesResources(Rollouts.API_VERSION, "Rollout")
            .inNamespace(namespace)
            .withName(name)
            .watch(
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, GenericKubernetesResource rollout) {
                    observe(rollout);
                  }

                  @Override
                  public void onClose(WatcherException cause) {
                    // the test ends the watch; a dropped watch only loses precision
                  }
                });
  }

  public static RolloutTimeline watch(KubernetesClient client, String namespace, String name) {
    return new RolloutTimeline(client, namespace, name);
  }

  private void observe(GenericKubernetesResource rollout) {
    Instant now = Instant.now();
    String active = Rollouts.field(rollout, "status", "blueGreen", "activeSelector");
    if (active != null) {
      activeSince.putIfAbsent(active, now);
    }
    if (Boolean.TRUE.equals(Rollouts.field(rollout, "status", "abort")) && abortedAt == null) {
      abortedAt = now;
    }
  }

  /** When the active selector was first seen on {@code hash}. */
  public Optional<Instant> activeSince(String hash) {
    return Optional.ofNullable(activeSince.get(hash));
  }

  /** When {@code status.abort} was first seen true. */
  public Optional<Instant> abortedAt() {
    return Optional.ofNullable(abortedAt);
  }

  @Override
  public void close() {
    watch.close();
  }
}
