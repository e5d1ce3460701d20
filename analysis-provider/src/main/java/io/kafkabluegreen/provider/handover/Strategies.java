package io.kafkabluegreen.provider.handover;

import io.kafkabluegreen.provider.rollout.ManagedRollout;
import io.kafkabluegreen.provider.rollout.StrategyName;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The strategies this provider runs, chosen by a Rollout's {@code kafka-bluegreen.io/strategy}. */
public final class Strategies {

  private final Map<StrategyName, HandoverStrategy> byName = new EnumMap<>(StrategyName.class);

  public Strategies(List<HandoverStrategy> strategies) {
    strategies.forEach(s -> byName.put(s.name(), s));
  }

  /**
   * @throws IllegalStateException when the Rollout names a strategy this provider was not wired
   *     with (a wiring bug: every name parses only if it has an implementation)
   */
  public HandoverStrategy of(ManagedRollout rollout) {
    HandoverStrategy strategy = byName.get(rollout.strategy());
    if (strategy == null) {
      throw new IllegalStateException("no implementation wired for " + rollout.strategy().wire());
    }
    return strategy;
  }
}
