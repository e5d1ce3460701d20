package io.kafkabluegreen.provider.rollout;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.kafkabluegreen.common.http.FieldError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An Argo Rollout as the provider sees it: the Kafka settings from its annotations (design.md §4)
 * and the parts of its spec and status that decide which color should consume.
 *
 * @param ref namespace and name
 * @param consumerGroup {@code kafka-bluegreen.io/consumer-group}: the shared group (strategy C) or
 *     the base of the per-revision groups (strategy B)
 * @param leaseName {@code kafka-bluegreen.io/lease}, default {@code <rollout>-kafka-active}
 * @param lifecyclePort {@code kafka-bluegreen.io/lifecycle-port}, default 8080; a pod's own
 *     annotation wins
 * @param strategy {@code kafka-bluegreen.io/strategy}, default pause-resume
 * @param selector {@code spec.selector.matchLabels}: finds every pod of this Rollout
 * @param status what Argo decided
 */
public record ManagedRollout(
    RolloutRef ref,
    String consumerGroup,
    String leaseName,
    int lifecyclePort,
    HandoverStrategy strategy,
    Map<String, String> selector,
    RolloutStatus status) {

  public static final String GROUP_ANNOTATION = "kafka-bluegreen.io/consumer-group";
  public static final String LEASE_ANNOTATION = "kafka-bluegreen.io/lease";
  public static final String PORT_ANNOTATION = "kafka-bluegreen.io/lifecycle-port";
  public static final String STRATEGY_ANNOTATION = "kafka-bluegreen.io/strategy";
  public static final int DEFAULT_LIFECYCLE_PORT = 8080;

  public ManagedRollout {
    selector = Map.copyOf(selector);
  }

  /**
   * Argo's decision (design.md §4): the stable revision while the Rollout is aborted, otherwise the
   * active selector; empty before Argo has chosen.
   */
  public Optional<String> desiredHash() {
    String hash = status.aborted() ? status.stableHash() : status.activeSelector();
    return hash == null || hash.isEmpty() ? Optional.empty() : Optional.of(hash);
  }

  /**
   * The group a revision consumes with: the shared group, or {@code <base>-<hash>} (strategy B).
   */
  public String groupOf(String hash) {
    return strategy == HandoverStrategy.OFFSET_SYNC ? consumerGroup + "-" + hash : consumerGroup;
  }

  /** True when the Rollout carries the consumer-group annotation, i.e. the provider manages it. */
  public static boolean isManaged(GenericKubernetesResource rollout) {
    Map<String, String> annotations = rollout.getMetadata().getAnnotations();
    return annotations != null && !blank(annotations.get(GROUP_ANNOTATION));
  }

  /**
   * Reads a managed Rollout.
   *
   * @throws InvalidRolloutException listing every bad annotation at once
   */
  public static ManagedRollout from(GenericKubernetesResource rollout) {
    RolloutRef ref =
        new RolloutRef(rollout.getMetadata().getNamespace(), rollout.getMetadata().getName());
    Map<String, String> annotations =
        rollout.getMetadata().getAnnotations() == null
            ? Map.of()
            : rollout.getMetadata().getAnnotations();
    List<FieldError> problems = new ArrayList<>();
    String group = annotations.get(GROUP_ANNOTATION);
    if (blank(group)) {
      problems.add(new FieldError(GROUP_ANNOTATION, "annotation is required"));
    }
    String lease = annotations.getOrDefault(LEASE_ANNOTATION, ref.name() + "-kafka-active");
    int port = port(annotations.get(PORT_ANNOTATION), problems);
    String strategyValue = annotations.getOrDefault(STRATEGY_ANNOTATION, "pause-resume").trim();
    HandoverStrategy strategy =
        HandoverStrategy.parse(strategyValue).orElse(HandoverStrategy.PAUSE_RESUME);
    if (HandoverStrategy.parse(strategyValue).isEmpty()) {
      problems.add(
          new FieldError(
              STRATEGY_ANNOTATION,
              "must be pause-resume or offset-sync for the handover, got '" + strategyValue + "'"));
    }
    if (!problems.isEmpty()) {
      throw new InvalidRolloutException(ref, problems);
    }
    return new ManagedRollout(
        ref,
        group.trim(),
        lease.trim(),
        port,
        strategy,
        matchLabels(rollout),
        RolloutStatus.of(rollout));
  }

  /** A port annotation value, or the default; problems are collected, not thrown. */
  public static int port(String value, List<FieldError> problems) {
    if (blank(value)) {
      return DEFAULT_LIFECYCLE_PORT;
    }
    try {
      int port = Integer.parseInt(value.trim());
      if (port >= 1 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    problems.add(new FieldError(PORT_ANNOTATION, "must be a port number, got '" + value + "'"));
    return DEFAULT_LIFECYCLE_PORT;
  }

  private static Map<String, String> matchLabels(GenericKubernetesResource rollout) {
    Object labels = rollout.get("spec", "selector", "matchLabels");
    Map<String, String> selector = new LinkedHashMap<>();
    if (labels instanceof Map<?, ?> map) {
      map.forEach((k, v) -> selector.put(String.valueOf(k), String.valueOf(v)));
    }
    return selector;
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
