package io.kafkabluegreen.lifecycle;

/** How the consumer group is named. */
public enum GroupMode {
  /** Both colors share the base group (strategy C, pause/resume). */
  SHARED,
  /** Each revision has its own group {@code <base>-<hash>} (strategy B, offset sync). */
  PER_REVISION;

  /** The group a pod of revision {@code hash} joins. */
  public String groupFor(String base, String hash) {
    return this == SHARED ? base : base + "-" + hash;
  }
}
