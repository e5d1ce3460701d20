package io.kafkabluegreen.lifecycle;

/** What the poll loop does when the record handler throws. */
public enum FailurePolicy {
  /**
   * Retry the same record after a back-off until it succeeds or the pod drains: nothing is skipped,
   * and a record abandoned by a drain is not committed, so the next owner processes it.
   */
  RETRY,
  /** Count the failure and move on: the record counts as finished and its offset is committed. */
  SKIP
}
