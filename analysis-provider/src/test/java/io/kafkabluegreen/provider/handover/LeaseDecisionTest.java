package io.kafkabluegreen.provider.handover;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkabluegreen.lifecycle.lease.LeasePhase;
import io.kafkabluegreen.lifecycle.lease.LeaseState;
import io.kafkabluegreen.lifecycle.lease.LeaseTransition;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Walks DESIGN.md's "States and decisions" table row by row: a handover to {@code H} finds the
 * Lease in a state, and decides (and writes) exactly what the table says.
 */
class LeaseDecisionTest {

  @ParameterizedTest(name = "holder={0} phase={1} target={2} fresh={3} -> {4}")
  @CsvSource(
      nullValues = "-",
      value = {
        // holder, phase,   target, fresh, decision,         transition written first
        "H,        Active,   '',     false, ALREADY_HOLDER,  -",
        "H,        Active,   '',     true,  ALREADY_HOLDER,  -",
        "H,        Draining, T,      true,  REFUSE,          -",
        "H,        Draining, T,      false, RESTORE_HOLDER,  ROLL_BACK",
        "H,        Draining, '',     true,  RESTORE_HOLDER,  ROLL_BACK",
        "H,        Draining, H,      true,  RESTORE_HOLDER,  ROLL_BACK",
        "O,        Draining, H,      true,  CONTINUE_SWITCH, -",
        "O,        Draining, H,      false, CONTINUE_SWITCH, -",
        "'',       Draining, H,      true,  CONTINUE_SWITCH, -",
        "O,        Draining, T,      true,  REFUSE,          -",
        "O,        Draining, T,      false, RETARGET,        RETARGET",
        "O,        Active,   '',     true,  START_DRAIN,     START_DRAIN",
        "'',       Active,   '',     false, START_DRAIN,     START_DRAIN",
      })
  void When_a_handover_to_H_finds_the_Lease_Then_it_decides_the_tables_row(
      String holder,
      String phase,
      String target,
      boolean fresh,
      LeaseDecision expected,
      LeaseTransition written) {
    LeaseState lease =
        new LeaseState(holder, LeasePhase.parse(phase).orElseThrow(), target, 7, "42");

    LeaseDecision decision = LeaseDecision.of(lease, "H", fresh);

    assertThat(decision).isEqualTo(expected);
    assertThat(decision.write()).isEqualTo(Optional.ofNullable(written));
  }

  @ParameterizedTest(name = "{0} from holder={1} phase={2} target={3}")
  @CsvSource({
    // transition, holder, phase, target, → holder, phase, target
    "START_DRAIN, O,  Active,   '', O, Draining, H",
    "START_DRAIN, '', Active,   '', '', Draining, H",
    "RETARGET,    O,  Draining, T,  O, Draining, H",
    "FLIP,        O,  Draining, H,  H, Active,   ''",
    "ROLL_BACK,   O,  Draining, H,  O, Active,   ''",
  })
  void When_a_decision_writes_Then_the_Lease_moves_as_named_and_the_epoch_grows(
      LeaseTransition transition,
      String holder,
      String phase,
      String target,
      String nextHolder,
      String nextPhase,
      String nextTarget) {
    LeaseState lease =
        new LeaseState(holder, LeasePhase.parse(phase).orElseThrow(), target, 7, "42");

    LeaseState next = transition.apply(lease, "H");

    assertThat(next.holder()).isEqualTo(nextHolder);
    assertThat(next.phase().wire()).isEqualTo(nextPhase);
    assertThat(next.target()).isEqualTo(nextTarget);
    assertThat(next.epoch()).isEqualTo(8);
    assertThat(next.resourceVersion()).as("the CAS precondition").isEqualTo("42");
  }
}
