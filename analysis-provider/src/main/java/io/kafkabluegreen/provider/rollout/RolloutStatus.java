package io.kafkabluegreen.provider.rollout;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/**
 * The fields of a Rollout's {@code status} that matter for Kafka (docs/design.md §3).
 *
 * @param stableHash {@code status.stableRS}: the last fully promoted revision
 * @param activeSelector {@code status.blueGreen.activeSelector}: the revision the active Service
 *     points at
 * @param aborted {@code status.abort}
 * @param currentHash {@code status.currentPodHash}: the newest revision
 * @param phase {@code status.phase} (Healthy, Progressing, Paused, Degraded), empty if unset
 */
public record RolloutStatus(
    String stableHash, String activeSelector, boolean aborted, String currentHash, String phase) {

  public static RolloutStatus of(GenericKubernetesResource rollout) {
    return new RolloutStatus(
        text(rollout.get("status", "stableRS")),
        text(rollout.get("status", "blueGreen", "activeSelector")),
        Boolean.TRUE.equals(rollout.get("status", "abort")),
        text(rollout.get("status", "currentPodHash")),
        text(rollout.get("status", "phase")));
  }

  private static String text(Object value) {
    return value == null ? "" : value.toString();
  }
}
