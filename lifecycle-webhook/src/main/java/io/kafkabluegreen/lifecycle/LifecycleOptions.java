package io.kafkabluegreen.lifecycle;

import io.kafkabluegreen.common.config.ConfigReader;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How a {@link ConsumerLifecycle} behaves. Usually read from the host's environment map with {@link
 * #read(ConfigReader)} ({@code LIFECYCLE_*} and the downward-API {@code POD_*} keys); the library
 * itself never reads the environment.
 *
 * @param hash this pod's pod-template hash ({@code POD_TEMPLATE_HASH}, required)
 * @param pod this pod's name ({@code POD_NAME})
 * @param namespace the namespace of the Lease ({@code POD_NAMESPACE})
 * @param leaseName the active-color Lease ({@code LIFECYCLE_LEASE_NAME}, required)
 * @param groupMode shared group or one group per revision ({@code LIFECYCLE_GROUP_MODE})
 * @param membership whether a pod that may not consume stays in the group holding nothing or leaves
 *     it ({@code LIFECYCLE_MEMBERSHIP}: auto, standby, leave)
 * @param authToken bearer token of pause/resume ({@code LIFECYCLE_AUTH_TOKEN}); empty = open
 * @param drainTimeout bound of a drain ({@code LIFECYCLE_DRAIN_TIMEOUT_MS})
 * @param closeTimeout bound of closing the consumer ({@code LIFECYCLE_CLOSE_TIMEOUT_MS})
 * @param pollTimeout longest idle poll, i.e. the reaction time of an idle consumer ({@code
 *     LIFECYCLE_POLL_TIMEOUT_MS})
 * @param commitInterval how often processed offsets are committed while active; zero commits after
 *     every polled batch ({@code LIFECYCLE_COMMIT_INTERVAL_MS})
 * @param failurePolicy what a handler failure does ({@code LIFECYCLE_ON_FAILURE}: retry, skip)
 * @param retryBackoff pause between two attempts of a failing record ({@code
 *     LIFECYCLE_RETRY_BACKOFF_MS})
 * @param kubernetesTimeout bound of a direct Lease read or create ({@code
 *     LIFECYCLE_KUBERNETES_TIMEOUT_MS})
 */
public record LifecycleOptions(
    String hash,
    String pod,
    String namespace,
    String leaseName,
    GroupMode groupMode,
    Membership membership,
    Optional<String> authToken,
    Duration drainTimeout,
    Duration closeTimeout,
    Duration pollTimeout,
    Duration commitInterval,
    FailurePolicy failurePolicy,
    Duration retryBackoff,
    Duration kubernetesTimeout) {

  public LifecycleOptions {
    authToken = authToken == null ? Optional.empty() : authToken;
    membership = membership == null ? Membership.AUTO : membership;
  }

  /** Defaults for everything but identity and Lease, which have none. */
  public static LifecycleOptions of(String hash, String pod, String namespace, String leaseName) {
    return new LifecycleOptions(
        hash,
        pod,
        namespace,
        leaseName,
        GroupMode.SHARED,
        Membership.AUTO,
        Optional.empty(),
        Duration.ofSeconds(5),
        Duration.ofSeconds(5),
        Duration.ofMillis(50),
        Duration.ofSeconds(1),
        FailurePolicy.RETRY,
        Duration.ofMillis(100),
        Duration.ofSeconds(2));
  }

  /** Reads the options; problems are collected in {@code r} (call {@code r.validate()} after). */
  public static LifecycleOptions read(ConfigReader r) {
    String hash = r.required("POD_TEMPLATE_HASH");
    String pod = r.string("POD_NAME", "local");
    String namespace = r.string("POD_NAMESPACE", "default");
    String lease = r.required("LIFECYCLE_LEASE_NAME");
    GroupMode mode = r.oneOf("LIFECYCLE_GROUP_MODE", GroupMode.class, GroupMode.SHARED);
    Membership membership = r.oneOf("LIFECYCLE_MEMBERSHIP", Membership.class, Membership.AUTO);
    Optional<String> token = r.secret("LIFECYCLE_AUTH_TOKEN");
    Duration drain = millis(r, "LIFECYCLE_DRAIN_TIMEOUT_MS", 5000, 100, 600_000);
    Duration close = millis(r, "LIFECYCLE_CLOSE_TIMEOUT_MS", 5000, 0, 600_000);
    Duration poll = millis(r, "LIFECYCLE_POLL_TIMEOUT_MS", 50, 1, 10_000);
    Duration commit = millis(r, "LIFECYCLE_COMMIT_INTERVAL_MS", 1000, 0, 600_000);
    FailurePolicy policy =
        r.oneOf("LIFECYCLE_ON_FAILURE", FailurePolicy.class, FailurePolicy.RETRY);
    Duration backoff = millis(r, "LIFECYCLE_RETRY_BACKOFF_MS", 100, 0, 600_000);
    Duration kube = millis(r, "LIFECYCLE_KUBERNETES_TIMEOUT_MS", 2000, 100, 60_000);
    if (!hash.isEmpty() && !hash.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")) {
      r.problem("POD_TEMPLATE_HASH must be a Kubernetes label value, got '" + hash + "'");
    }
    return new LifecycleOptions(
        hash,
        pod,
        namespace,
        lease,
        mode,
        membership,
        token,
        drain,
        close,
        poll,
        commit,
        policy,
        backoff,
        kube);
  }

  /** Reads and validates the options from a map; throws listing every problem. */
  public static LifecycleOptions fromMap(Map<String, String> source) {
    ConfigReader r = new ConfigReader(source);
    LifecycleOptions options = read(r);
    r.validate();
    return options;
  }

  public LifecycleOptions withGroupMode(GroupMode mode) {
    return new LifecycleOptions(
        hash,
        pod,
        namespace,
        leaseName,
        mode,
        membership,
        authToken,
        drainTimeout,
        closeTimeout,
        pollTimeout,
        commitInterval,
        failurePolicy,
        retryBackoff,
        kubernetesTimeout);
  }

  public LifecycleOptions withAuthToken(String token) {
    return new LifecycleOptions(
        hash,
        pod,
        namespace,
        leaseName,
        groupMode,
        membership,
        Optional.ofNullable(token),
        drainTimeout,
        closeTimeout,
        pollTimeout,
        commitInterval,
        failurePolicy,
        retryBackoff,
        kubernetesTimeout);
  }

  public LifecycleOptions withCommitInterval(Duration interval) {
    return new LifecycleOptions(
        hash,
        pod,
        namespace,
        leaseName,
        groupMode,
        membership,
        authToken,
        drainTimeout,
        closeTimeout,
        pollTimeout,
        interval,
        failurePolicy,
        retryBackoff,
        kubernetesTimeout);
  }

  public LifecycleOptions withFailurePolicy(FailurePolicy policy, Duration backoff) {
    return new LifecycleOptions(
        hash,
        pod,
        namespace,
        leaseName,
        groupMode,
        membership,
        authToken,
        drainTimeout,
        closeTimeout,
        pollTimeout,
        commitInterval,
        policy,
        backoff,
        kubernetesTimeout);
  }

  public LifecycleOptions withDrainTimeout(Duration timeout) {
    return new LifecycleOptions(
        hash,
        pod,
        namespace,
        leaseName,
        groupMode,
        membership,
        authToken,
        timeout,
        closeTimeout,
        pollTimeout,
        commitInterval,
        failurePolicy,
        retryBackoff,
        kubernetesTimeout);
  }

  public LifecycleOptions withMembership(Membership value) {
    return new LifecycleOptions(
        hash,
        pod,
        namespace,
        leaseName,
        groupMode,
        value,
        authToken,
        drainTimeout,
        closeTimeout,
        pollTimeout,
        commitInterval,
        failurePolicy,
        retryBackoff,
        kubernetesTimeout);
  }

  private static Duration millis(ConfigReader r, String key, long def, long min, long max) {
    return r.millis(key, Duration.ofMillis(def), Duration.ofMillis(min), Duration.ofMillis(max));
  }
}
