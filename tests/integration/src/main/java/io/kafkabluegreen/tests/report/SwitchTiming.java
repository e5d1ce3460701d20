package io.kafkabluegreen.tests.report;

import io.kafkabluegreen.tests.validate.Transition;
import java.util.List;
import java.util.Optional;

/**
 * One switch as the user sees it: from the moment it was asked for (the Rollout's status moved, or
 * the handover POST was sent) to the first record processed by the new revision.
 *
 * @param label e.g. {@code switch} or {@code rollback}
 * @param from the hash that was consuming
 * @param to the hash asked to consume
 * @param triggeredAt epoch millis of the request
 * @param firstRecordAt epoch millis of the first record {@code to} processed after the request, or
 *     -1 if it never did
 * @param gapMillis how long nothing was processed at the switch (last record of {@code from} to
 *     first record of {@code to}), or -1
 */
public record SwitchTiming(
    String label, String from, String to, long triggeredAt, long firstRecordAt, long gapMillis) {

  /** Request to first record of the new revision, or -1 if the switch never completed. */
  public long millis() {
    return firstRecordAt < 0 ? -1 : firstRecordAt - triggeredAt;
  }

  public boolean completed() {
    return firstRecordAt >= 0;
  }

  /** Finds, in the audit's transitions, the first move to {@code to} at or after the request. */
  public static SwitchTiming fromAudit(
      String label, String from, String to, long triggeredAt, List<Transition> transitions) {
    Optional<Transition> move =
        transitions.stream()
            .filter(t -> t.to().equals(to) && t.firstToAt() >= triggeredAt)
            .findFirst();
    return move.map(
            t -> new SwitchTiming(label, from, to, triggeredAt, t.firstToAt(), t.gapMillis()))
        .orElse(new SwitchTiming(label, from, to, triggeredAt, -1, -1));
  }
}
