package io.kafkabluegreen.provider.rollout;

import java.util.Optional;

/**
 * The names of the ways consumption moves between revisions, as the annotation {@code
 * kafka-bluegreen.io/strategy} spells them. Only a name: what each one does is its {@code
 * handover.StrategyName} implementation, chosen by this name and nothing else.
 */
public enum StrategyName {
  /** Strategy C (docs/design.md §4): one shared group, pause the old color, resume the new one. */
  PAUSE_RESUME("pause-resume"),
  /** Strategy B (docs/design.md §5): one group per revision, committed offsets copied old → new. */
  OFFSET_SYNC("offset-sync"),
  /**
   * Strategy E: each revision runs a Kafka Connect cluster; its sink connector is stopped and
   * resumed, its offsets moved through the Connect REST API (KIP-875, KIP-980).
   */
  CONNECT("connect");

  private final String wire;

  StrategyName(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public static Optional<StrategyName> parse(String value) {
    for (StrategyName strategy : values()) {
      if (strategy.wire.equals(value)) {
        return Optional.of(strategy);
      }
    }
    return Optional.empty();
  }
}
