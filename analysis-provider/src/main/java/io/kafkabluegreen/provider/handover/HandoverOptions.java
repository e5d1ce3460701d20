package io.kafkabluegreen.provider.handover;

import io.kafkabluegreen.common.config.ConfigReader;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * Bounds and knobs of the handover (docs/design.md §4–§5), from {@code PROVIDER_HANDOVER_*}.
 *
 * @param requestWait how long {@code POST …/handover} waits for the result before answering
 *     InProgress ({@code PROVIDER_HANDOVER_WAIT_MS}); keep it under the web metric's {@code
 *     timeoutSeconds} (Argo's default is 10 s)
 * @param drainTimeout bound of step 3, the old pods' pause ({@code
 *     PROVIDER_HANDOVER_DRAIN_TIMEOUT_MS})
 * @param verifyTimeout bound of step 4, proving the group empty ({@code
 *     PROVIDER_HANDOVER_VERIFY_TIMEOUT_MS})
 * @param activateTimeout bound of step 6, the new pods owning every partition ({@code
 *     PROVIDER_HANDOVER_ACTIVATE_TIMEOUT_MS})
 * @param pollInterval how often the group is described while waiting ({@code
 *     PROVIDER_HANDOVER_POLL_INTERVAL_MS})
 * @param staleDrainAfter a Draining Lease last written longer ago than this, with no handover of
 *     this process running, is stuck (its provider died) and may be taken over ({@code
 *     PROVIDER_HANDOVER_STALE_DRAIN_MS}); must exceed drain + verify
 * @param casAttempts compare-and-swap attempts per Lease write before giving up ({@code
 *     PROVIDER_HANDOVER_CAS_ATTEMPTS})
 * @param groupRetention strategy B: how long the group of a revision that is gone is kept before it
 *     is deleted ({@code PROVIDER_OFFSET_SYNC_GROUP_RETENTION_MS})
 * @param identity who performs handovers, in results and the leader election ({@code
 *     PROVIDER_IDENTITY}, default the pod name)
 */
public record HandoverOptions(
    Duration requestWait,
    Duration drainTimeout,
    Duration verifyTimeout,
    Duration activateTimeout,
    Duration pollInterval,
    Duration staleDrainAfter,
    int casAttempts,
    Duration groupRetention,
    String identity) {

  /** The longest wait a caller may ask for with {@code ?waitMs=}. */
  public static final Duration MAX_REQUEST_WAIT = Duration.ofMinutes(5);

  public static HandoverOptions read(ConfigReader r, Map<String, String> env) {
    HandoverOptions options =
        new HandoverOptions(
            r.millis("PROVIDER_HANDOVER_WAIT_MS", ms(8000), ms(0), MAX_REQUEST_WAIT),
            r.millis("PROVIDER_HANDOVER_DRAIN_TIMEOUT_MS", ms(5000), ms(100), min(10)),
            r.millis("PROVIDER_HANDOVER_VERIFY_TIMEOUT_MS", ms(10000), ms(100), min(10)),
            r.millis("PROVIDER_HANDOVER_ACTIVATE_TIMEOUT_MS", ms(15000), ms(100), min(10)),
            r.millis("PROVIDER_HANDOVER_POLL_INTERVAL_MS", ms(50), ms(5), ms(5000)),
            r.millis("PROVIDER_HANDOVER_STALE_DRAIN_MS", ms(30000), ms(1000), min(60)),
            r.integer("PROVIDER_HANDOVER_CAS_ATTEMPTS", 5, 1, 100),
            r.millis(
                "PROVIDER_OFFSET_SYNC_GROUP_RETENTION_MS",
                Duration.ofHours(1),
                ms(0),
                Duration.ofDays(365)),
            r.string("PROVIDER_IDENTITY", defaultIdentity(env)));
    if (options.staleDrainAfter.compareTo(options.drainTimeout.plus(options.verifyTimeout)) <= 0) {
      r.problem(
          "PROVIDER_HANDOVER_STALE_DRAIN_MS must exceed PROVIDER_HANDOVER_DRAIN_TIMEOUT_MS +"
              + " PROVIDER_HANDOVER_VERIFY_TIMEOUT_MS, or a live handover could be taken over");
    }
    return options;
  }

  /** Defaults for tests and embedding. */
  public static HandoverOptions defaults() {
    return new HandoverOptions(
        ms(8000),
        ms(5000),
        ms(10000),
        ms(15000),
        ms(50),
        ms(30000),
        5,
        Duration.ofHours(1),
        "provider-" + UUID.randomUUID().toString().substring(0, 8));
  }

  private static String defaultIdentity(Map<String, String> env) {
    String pod = env.get("POD_NAME");
    if (pod != null && !pod.isBlank()) {
      return pod;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "provider-" + UUID.randomUUID().toString().substring(0, 8);
    }
  }

  private static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }

  private static Duration min(long minutes) {
    return Duration.ofMinutes(minutes);
  }
}
