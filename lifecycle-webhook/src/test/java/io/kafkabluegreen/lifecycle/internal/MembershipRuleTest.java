package io.kafkabluegreen.lifecycle.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkabluegreen.lifecycle.lease.LeasePhase;
import io.kafkabluegreen.lifecycle.lease.LeaseState;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The explicit pause and the Lease epoch that lifts it (docs/design.md §4, rollback). */
class MembershipRuleTest {

  private final AtomicReference<Optional<LeaseState>> lease = new AtomicReference<>();
  private final MembershipRule rule = new MembershipRule("green", lease::get);

  private static Optional<LeaseState> lease(String holder, LeasePhase phase, long epoch) {
    return Optional.of(new LeaseState(holder, phase, "", epoch, "1"));
  }

  @ParameterizedTest(name = "paused at {0}, Lease {1} {2} epoch {3}: holds {4}")
  @CsvSource({
    "green,ACTIVE,5,false", // a newer epoch naming it Active lifts the pause
    "green,DRAINING,5,true", // a newer epoch that does not allow it does not
    "blue,ACTIVE,5,true",
  })
  void a_newer_epoch_that_allows_the_hash_lifts_the_hold_even_before_the_poll_thread_handles_it(
      String holder, LeasePhase phase, long epoch, boolean holds) {
    lease.set(lease("green", LeasePhase.ACTIVE, 4));
    rule.hold();
    assertThat(rule.holdsUnder(lease.get())).isTrue(); // paused while active: holds

    // the watcher saw the change; a JoinGroup sent now must tell the leader what the rule decides
    lease.set(lease(holder, phase, epoch));

    assertThat(rule.holdsUnder(lease.get())).isEqualTo(holds);
    rule.leaseChanged();
    assertThat(rule.held()).isEqualTo(holds);
  }

  @Test
  void without_a_pause_nothing_holds() {
    lease.set(lease("green", LeasePhase.ACTIVE, 4));

    assertThat(rule.holdsUnder(lease.get())).isFalse();
    assertThat(rule.holdsUnder(Optional.empty())).isFalse();
  }
}
