package io.kafkabluegreen.tests.scenario;

import io.kafkabluegreen.tests.system.Strategy;
import io.kafkabluegreen.tests.system.SystemOptions;
import java.nio.file.Path;

/** The local system the scenario classes share: short provider timeouts, so failures are quick. */
final class ScenarioSystems {

  private ScenarioSystems() {}

  static SystemOptions options(String name, Strategy strategy) {
    return SystemOptions.of(name, Path.of("target", "scenario-logs"))
        .withStrategy(strategy)
        .withPartitions(6)
        .withPodsPerColor(2)
        // a dead provider's Draining is taken over after 8 s, a dead leader replaced after 4 s
        .withProviderEnv("PROVIDER_HANDOVER_DRAIN_TIMEOUT_MS", "3000")
        .withProviderEnv("PROVIDER_HANDOVER_VERIFY_TIMEOUT_MS", "3000")
        .withProviderEnv("PROVIDER_HANDOVER_STALE_DRAIN_MS", "8000")
        .withProviderEnv("PROVIDER_LEADER_LEASE_DURATION_MS", "4000")
        .withProviderEnv("PROVIDER_LEADER_RENEW_DEADLINE_MS", "3000")
        .withProviderEnv("PROVIDER_LEADER_RETRY_PERIOD_MS", "500")
        .withProviderEnv("PROVIDER_WATCH_RETRY_BACKOFF_MS", "1000")
        .withProviderEnv("PROVIDER_LIFECYCLE_TIMEOUT_MS", "3000");
  }
}
