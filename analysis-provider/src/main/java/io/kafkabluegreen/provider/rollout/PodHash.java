package io.kafkabluegreen.provider.rollout;

import java.util.regex.Pattern;

/**
 * Argo's {@code rollouts-pod-template-hash}: the label that names a revision, i.e. a color
 * (docs/design.md §3).
 */
public final class PodHash {

  public static final String LABEL = "rollouts-pod-template-hash";

  /** The accepted syntax, also for messages and the OpenAPI document. */
  public static final String SYNTAX = "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?";

  /**
   * Argo's hashes are lower-case alphanumerics; inner dashes are accepted too, as the lifecycle
   * library does, since a label value may carry them. At most 63 characters (a label value).
   */
  private static final Pattern VALID = Pattern.compile(SYNTAX);

  private PodHash() {}

  public static boolean isValid(String hash) {
    return hash != null && VALID.matcher(hash).matches();
  }
}
