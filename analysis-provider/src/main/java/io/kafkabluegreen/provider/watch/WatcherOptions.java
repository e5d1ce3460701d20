package io.kafkabluegreen.provider.watch;

import io.kafkabluegreen.common.config.ConfigReader;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The Rollout watcher and its leader election, from {@code PROVIDER_WATCH_*} and {@code
 * PROVIDER_LEADER_*}.
 *
 * @param enabled watch Rollouts and hand over on promote/abort/undo ({@code
 *     PROVIDER_WATCH_ENABLED})
 * @param namespace watch one namespace only ({@code PROVIDER_WATCH_NAMESPACE}); empty = all
 * @param resync how often every Rollout is checked again even without a change ({@code
 *     PROVIDER_WATCH_RESYNC_MS})
 * @param retryBackoff first delay before retrying a failed handover ({@code
 *     PROVIDER_WATCH_RETRY_BACKOFF_MS}); doubles on every failure
 * @param retryBackoffMax the longest such delay ({@code PROVIDER_WATCH_RETRY_BACKOFF_MAX_MS})
 * @param leaderElection only the leader acts ({@code PROVIDER_LEADER_ELECTION_ENABLED}); turn off
 *     only for a single replica
 * @param leaderLease the election's own Lease ({@code PROVIDER_LEADER_LEASE})
 * @param leaderNamespace where that Lease lives ({@code PROVIDER_NAMESPACE}, default {@code
 *     POD_NAMESPACE})
 * @param leaseDuration how long a leader's claim lasts without renewal ({@code
 *     PROVIDER_LEADER_LEASE_DURATION_MS})
 * @param renewDeadline how long the leader keeps trying to renew before it steps down ({@code
 *     PROVIDER_LEADER_RENEW_DEADLINE_MS})
 * @param retryPeriod how often candidates try ({@code PROVIDER_LEADER_RETRY_PERIOD_MS})
 */
public record WatcherOptions(
    boolean enabled,
    Optional<String> namespace,
    Duration resync,
    Duration retryBackoff,
    Duration retryBackoffMax,
    boolean leaderElection,
    String leaderLease,
    String leaderNamespace,
    Duration leaseDuration,
    Duration renewDeadline,
    Duration retryPeriod) {

  public static WatcherOptions read(ConfigReader r, Map<String, String> env) {
    String podNamespace = env.getOrDefault("POD_NAMESPACE", "");
    WatcherOptions options =
        new WatcherOptions(
            r.bool("PROVIDER_WATCH_ENABLED", true),
            r.optional("PROVIDER_WATCH_NAMESPACE"),
            r.millis("PROVIDER_WATCH_RESYNC_MS", ms(30_000), ms(1000), Duration.ofHours(1)),
            r.millis("PROVIDER_WATCH_RETRY_BACKOFF_MS", ms(5000), ms(100), Duration.ofHours(1)),
            r.millis(
                "PROVIDER_WATCH_RETRY_BACKOFF_MAX_MS", ms(300_000), ms(100), Duration.ofHours(6)),
            r.bool("PROVIDER_LEADER_ELECTION_ENABLED", true),
            r.string("PROVIDER_LEADER_LEASE", "kafka-bluegreen-provider-leader"),
            r.string(
                "PROVIDER_NAMESPACE", podNamespace.isBlank() ? "default" : podNamespace.trim()),
            r.millis("PROVIDER_LEADER_LEASE_DURATION_MS", ms(15_000), ms(1000), ms(300_000)),
            r.millis("PROVIDER_LEADER_RENEW_DEADLINE_MS", ms(10_000), ms(500), ms(300_000)),
            r.millis("PROVIDER_LEADER_RETRY_PERIOD_MS", ms(2000), ms(100), ms(60_000)));
    if (options.leaseDuration.compareTo(options.renewDeadline) <= 0) {
      r.problem("PROVIDER_LEADER_LEASE_DURATION_MS must exceed PROVIDER_LEADER_RENEW_DEADLINE_MS");
    }
    // fabric8 requires renewDeadline > 1.2 × retryPeriod (its jitter factor).
    if (options.renewDeadline.toMillis() <= options.retryPeriod.toMillis() * 12 / 10) {
      r.problem(
          "PROVIDER_LEADER_RENEW_DEADLINE_MS must exceed 1.2 × PROVIDER_LEADER_RETRY_PERIOD_MS");
    }
    if (options.retryBackoffMax.compareTo(options.retryBackoff) < 0) {
      r.problem(
          "PROVIDER_WATCH_RETRY_BACKOFF_MAX_MS must be at least PROVIDER_WATCH_RETRY_BACKOFF_MS");
    }
    return options;
  }

  private static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }
}
