package io.kafkabluegreen.provider.rollout;

import java.util.Optional;

/**
 * How consumption moves between revisions, chosen by the annotation {@code
 * kafka-bluegreen.io/strategy}.
 */
public enum HandoverStrategy {
  /** Strategy C (design.md §4): one shared group, pause the old color, resume the new one. */
  PAUSE_RESUME("pause-resume"),
  /** Strategy B (design.md §5): one group per revision, committed offsets copied old → new. */
  OFFSET_SYNC("offset-sync");

  private final String wire;

  HandoverStrategy(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public static Optional<HandoverStrategy> parse(String value) {
    for (HandoverStrategy strategy : values()) {
      if (strategy.wire.equals(value)) {
        return Optional.of(strategy);
      }
    }
    return Optional.empty();
  }
}
