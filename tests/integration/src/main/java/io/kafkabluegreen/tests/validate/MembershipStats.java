package io.kafkabluegreen.tests.validate;

import java.util.List;

/**
 * What {@link MembershipSampler} saw.
 *
 * @param samples successful samples
 * @param dualSamples samples with members of two or more hashes: must be 0 (docs/design.md §1)
 * @param emptySamples samples with no member at all (the expected gap of a switch)
 * @param failedSamples samples whose {@code describeConsumerGroups} call failed
 * @param longestEmptyMillis the longest stretch between the first and last of consecutive empty
 *     samples
 * @param dualExamples a few dual samples, for the failure message
 * @param changes every change of the set of hashes present, in order
 */
public record MembershipStats(
    long samples,
    long dualSamples,
    long emptySamples,
    long failedSamples,
    long longestEmptyMillis,
    List<String> dualExamples,
    List<MembershipChange> changes) {

  public String summary() {
    return "samples="
        + samples
        + " dual="
        + dualSamples
        + " empty="
        + emptySamples
        + " failed="
        + failedSamples
        + " longestEmptyMs="
        + longestEmptyMillis
        + (dualExamples.isEmpty() ? "" : " dualExamples=" + dualExamples);
  }
}
