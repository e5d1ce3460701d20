package io.kafkabluegreen.tests.validate;

import java.util.List;
import java.util.Map;

/**
 * What the audit says about one run. Samples are capped lists of examples, for humans.
 *
 * @param produced source records in the judged offset window
 * @param processed distinct source records of the window with at least one audit record
 * @param lost source records of the window never audited ({@code produced - processed})
 * @param twice source records audited more than once
 * @param twiceByHashes the hashes that processed each duplicate, e.g. {@code "a1b2+c3d4" -> 7}
 *     (sorted and joined, so {@code "a1b2+a1b2"} is a same-revision duplicate)
 * @param dualActiveInstants distinct milliseconds at which two revisions were active at once (see
 *     {@link DualActiveDetector} for the precise rule)
 * @param transitions every change of processing revision along the audit timeline, in order
 * @param timeline records processed per second by hash
 * @param auditRecords audit records read in total (inside and outside the window)
 * @param malformed audit records that could not be parsed
 */
public record ValidationResult(
    long produced,
    long processed,
    long lost,
    List<String> lostSamples,
    long twice,
    Map<String, Long> twiceByHashes,
    List<String> twiceSamples,
    long dualActiveInstants,
    List<String> dualActiveSamples,
    List<Transition> transitions,
    List<TimelineBucket> timeline,
    long auditRecords,
    long malformed) {

  /** No loss, no duplicate, no dual-active instant. */
  public boolean clean() {
    return lost == 0 && twice == 0 && dualActiveInstants == 0;
  }

  /** Duplicates processed by two different revisions (as opposed to a redelivery in one). */
  public long twiceAcrossRevisions() {
    return twiceByHashes.entrySet().stream()
        .filter(e -> !sameHashTwice(e.getKey()))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  private static boolean sameHashTwice(String key) {
    String[] hashes = key.split("\\+");
    for (String hash : hashes) {
      if (!hash.equals(hashes[0])) {
        return false;
      }
    }
    return true;
  }

  /** One line for progress output and assertion messages. */
  public String summary() {
    return "produced="
        + produced
        + " processed="
        + processed
        + " lost="
        + lost
        + " twice="
        + twice
        + " dualActive="
        + dualActiveInstants
        + " transitions="
        + transitions.size()
        + (lostSamples.isEmpty() ? "" : " lostSamples=" + lostSamples)
        + (twiceSamples.isEmpty() ? "" : " twiceSamples=" + twiceSamples)
        + (dualActiveSamples.isEmpty() ? "" : " dualActiveSamples=" + dualActiveSamples);
  }
}
