package io.kafkabluegreen.tests.report;

import io.kafkabluegreen.tests.validate.MembershipStats;
import io.kafkabluegreen.tests.validate.ValidationResult;
import java.util.List;
import java.util.Optional;

/**
 * One measured run (a scenario, a strategy, a protocol): its switches, what the audit says and what
 * the group sampler saw.
 *
 * @param membership null when the group was not sampled
 */
public record RunSummary(
    String name,
    List<SwitchTiming> switches,
    ValidationResult validation,
    MembershipStats membership) {

  public RunSummary {
    switches = List.copyOf(switches);
  }

  /** The first switch with this label ({@code switch}, {@code rollback}). */
  public Optional<SwitchTiming> timing(String label) {
    return switches.stream().filter(s -> s.label().equals(label)).findFirst();
  }

  /** Dual-active evidence from both witnesses: audit instants plus dual group samples. */
  public long dualActive() {
    return validation.dualActiveInstants() + (membership == null ? 0 : membership.dualSamples());
  }
}
