package io.kafkabluegreen.provider.rollout;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.kafkabluegreen.common.http.FieldError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An Argo Rollout as the provider sees it: the Kafka settings from its annotations (docs/design.md
 * §4) and the parts of its spec and status that decide which color should consume.
 *
 * @param ref namespace and name
 * @param consumerGroup {@code kafka-bluegreen.io/consumer-group}: the shared group (strategy C) or
 *     the base of the per-revision groups (strategy B); empty for strategy E, whose groups are its
 *     connectors'
 * @param leaseName {@code kafka-bluegreen.io/lease}, default {@code <rollout>-kafka-active}
 * @param lifecyclePort the port the provider calls on each pod: {@code
 *     kafka-bluegreen.io/lifecycle-port}, default 8080 (strategy E: the Connect REST port, {@code
 *     kafka-bluegreen.io/connect-port}, default 8083); a pod's own annotation wins
 * @param strategy {@code kafka-bluegreen.io/strategy}, default pause-resume
 * @param connect strategy E's annotations; null for the other strategies
 * @param selector {@code spec.selector.matchLabels}: finds every pod of this Rollout
 * @param status what Argo decided
 */
public record ManagedRollout(
    RolloutRef ref,
    String consumerGroup,
    String leaseName,
    int lifecyclePort,
    StrategyName strategy,
    ConnectSettings connect,
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
   * Argo's decision (docs/design.md §4): the stable revision while the Rollout is aborted,
   * otherwise the active selector; empty before Argo has chosen.
   */
  public Optional<String> desiredHash() {
    String hash = status.aborted() ? status.stableHash() : status.activeSelector();
    return hash == null || hash.isEmpty() ? Optional.empty() : Optional.of(hash);
  }

  /** The pod annotation that overrides {@link #lifecyclePort} for one pod. */
  public String podPortAnnotation() {
    return connect == null ? PORT_ANNOTATION : ConnectSettings.PORT_ANNOTATION;
  }

  /**
   * True when the Rollout carries the consumer-group annotation (or, strategy E, the connector
   * one), i.e. the provider manages it.
   */
  public static boolean isManaged(GenericKubernetesResource rollout) {
    Map<String, String> annotations = rollout.getMetadata().getAnnotations();
    return annotations != null
        && (!blank(annotations.get(GROUP_ANNOTATION))
            || !blank(annotations.get(ConnectSettings.CONNECTOR_ANNOTATION)));
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
    String lease = annotations.getOrDefault(LEASE_ANNOTATION, ref.name() + "-kafka-active");
    int port = port(annotations.get(PORT_ANNOTATION), problems);
    String strategyValue = annotations.getOrDefault(STRATEGY_ANNOTATION, "pause-resume").trim();
    StrategyName strategy = StrategyName.parse(strategyValue).orElse(StrategyName.PAUSE_RESUME);
    if (StrategyName.parse(strategyValue).isEmpty()) {
      problems.add(
          new FieldError(
              STRATEGY_ANNOTATION,
              "must be pause-resume, offset-sync or connect for the handover, got '"
                  + strategyValue
                  + "'"));
    }
    String group = annotations.getOrDefault(GROUP_ANNOTATION, "");
    ConnectSettings connect = null;
    if (strategy == StrategyName.CONNECT) {
      connect = ConnectSettings.read(annotations, problems);
      port = connect.restPort();
    } else if (blank(group)) {
      problems.add(new FieldError(GROUP_ANNOTATION, "annotation is required"));
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
        connect,
        matchLabels(rollout),
        RolloutStatus.of(rollout));
  }

  /** A lifecycle-port annotation value, or the default; problems are collected, not thrown. */
  public static int port(String value, List<FieldError> problems) {
    return port(value, PORT_ANNOTATION, DEFAULT_LIFECYCLE_PORT, problems);
  }

  /** A port annotation value, or {@code fallback}; problems are collected, not thrown. */
  static int port(String value, String annotation, int fallback, List<FieldError> problems) {
    if (blank(value)) {
      return fallback;
    }
    try {
      int port = Integer.parseInt(value.trim());
      if (port >= 1 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    problems.add(new FieldError(annotation, "must be a port number, got '" + value + "'"));
    return fallback;
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
