package io.kafkabluegreen.tests.system;

import java.util.List;

/** The handover strategies the local system can run (docs/design.md §4, §5). */
public enum Strategy {
  /** C: one group shared by both colors; pause the old, resume the new. */
  PAUSE_RESUME("pause-resume", "shared"),
  /** B: one group per revision; drain, copy committed offsets, activate. */
  OFFSET_SYNC("offset-sync", "per-revision");

  private final String annotation;
  private final String groupMode;

  Strategy(String annotation, String groupMode) {
    this.annotation = annotation;
    this.groupMode = groupMode;
  }

  /** The Rollout annotation value {@code kafka-bluegreen.io/strategy}. */
  public String annotation() {
    return annotation;
  }

  /** consumer-app's {@code LIFECYCLE_GROUP_MODE}. */
  public String groupMode() {
    return groupMode;
  }

  /** The consumer group(s) the pods of {@code hashes} join. */
  public List<String> groups(String base, List<String> hashes) {
    return this == PAUSE_RESUME ? List.of(base) : hashes.stream().map(h -> base + "-" + h).toList();
  }
}
