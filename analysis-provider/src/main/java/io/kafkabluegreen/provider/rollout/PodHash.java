package io.kafkabluegreen.provider.rollout;

import java.util.regex.Pattern;

/**
 * Argo's {@code rollouts-pod-template-hash}: the label that names a revision, i.e. a color
 * (design.md §3).
 */
public final class PodHash {

  public static final String LABEL = "rollouts-pod-template-hash";

  /**
   * Kubernetes label values are at most 63 characters; Argo's hashes are lower-case alphanumerics.
   */
  private static final Pattern VALID = Pattern.compile("[a-z0-9]{1,63}");

  private PodHash() {}

  public static boolean isValid(String hash) {
    return hash != null && VALID.matcher(hash).matches();
  }
}
