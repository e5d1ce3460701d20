package io.kafkabluegreen.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkabluegreen.lifecycle.lease.LeasePhase;
import io.kafkabluegreen.lifecycle.lease.LeaseState;
import io.kafkabluegreen.lifecycle.lease.LeaseTransition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The one creation rule and the phase each named transition starts from. */
class LeaseTransitionTest {

  @Test
  void When_created_Then_Active_at_epoch_1_naming_the_creators_choice() {
    LeaseState mine = LeaseTransition.create("blue");
    LeaseState nobody = LeaseTransition.create("");

    assertThat(mine.allowsConsumption("blue")).isTrue();
    assertThat(mine.epoch()).isEqualTo(1);
    assertThat(nobody.phase()).isEqualTo(LeasePhase.ACTIVE);
    assertThat(nobody.allowsConsumption("")).as("an empty holder lets nobody consume").isFalse();
  }

  @Test
  void When_recreated_after_a_deletion_Then_the_epoch_goes_on() {
    LeaseState deleted = new LeaseState("blue", LeasePhase.ACTIVE, "", 12, "99");

    LeaseState again = LeaseTransition.recreate("blue", deleted);

    assertThat(again.epoch()).isEqualTo(13);
    assertThat(again.resourceVersion()).as("a create carries no precondition").isNull();
  }

  @ParameterizedTest
  @EnumSource(
      value = LeaseTransition.class,
      names = {"RETARGET", "FLIP", "ROLL_BACK"})
  void When_a_Draining_only_transition_meets_an_Active_Lease_Then_it_refuses(LeaseTransition t) {
    LeaseState active = new LeaseState("blue", LeasePhase.ACTIVE, "", 3, "7");

    assertThatThrownBy(() -> t.apply(active, "green"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Draining");
  }

  @Test
  void When_draining_an_already_Draining_Lease_Then_it_refuses() {
    LeaseState draining = new LeaseState("blue", LeasePhase.DRAINING, "green", 3, "7");

    assertThatThrownBy(() -> LeaseTransition.START_DRAIN.apply(draining, "red"))
        .isInstanceOf(IllegalStateException.class);
  }
}
