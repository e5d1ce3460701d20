package io.kafkabluegreen.lifecycle.standby;

import io.kafkabluegreen.lifecycle.lease.LeaseState;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * This member's {@link StandbyMember}: its hash, the Lease its watcher last saw, and whether an
 * explicit pause holds it; remembers what the last JoinGroup carried and which Lease epoch the
 * leader assigned from, so that the poll thread can tell when the group's assignment was made from
 * a view older than its own. Created before the consumer (Kafka configures the assignor with it),
 * connected to the Lease when the poll loop is built. Used on the poll thread only.
 */
public final class StandbyView implements StandbyMember {

  private final String hash;
  private Supplier<Optional<LeaseState>> lease = Optional::empty;
  private Predicate<Optional<LeaseState>> holds = l -> false;
  private MemberLease sent;

  /** Between a JoinGroup and its assignment: the outcome decides whether to ask again. */
  private boolean joinInFlight;

  private OptionalLong decided = OptionalLong.empty();

  public StandbyView(String hash) {
    this.hash = hash;
  }

  /**
   * @param source the Lease as this pod's watcher last saw it
   * @param holdsUnder whether an explicit pause holds this member under a given Lease (a newer
   *     epoch that allows the hash lifts it)
   */
  public void connect(
      Supplier<Optional<LeaseState>> source, Predicate<Optional<LeaseState>> holdsUnder) {
    this.lease = source;
    this.holds = holdsUnder;
  }

  /**
   * The hold is told only while the Lease allows this hash: otherwise the member gets nothing
   * anyway, and telling it would cost the group one more rebalance (the provider's pause reaches
   * the pods right after its Draining write, which is itself a change every member rejoins for).
   */
  @Override
  public MemberLease current() {
    Optional<LeaseState> now = lease.get();
    boolean allowed = now.map(l -> l.allowsConsumption(hash)).orElse(false);
    return MemberLease.of(hash, now, allowed && holds.test(now));
  }

  @Override
  public void joining(MemberLease value) {
    this.sent = value;
    this.joinInFlight = true;
    this.decided = OptionalLong.empty();
  }

  @Override
  public void assigned(OptionalLong decidedEpoch) {
    this.joinInFlight = false;
    this.decided = decidedEpoch;
  }

  /**
   * True when the group's assignment may not follow this member's view, so it must rejoin.
   *
   * <p>The leader goes by the highest epoch any member reported (AssignmentPlan), so a member whose
   * own JoinGroup carried an older view needs no new rebalance once its view has caught up with
   * that epoch: the old color's standby pods, which join the new color's rebalance with the
   * Draining view they still had, would otherwise ask for one more generation that changes nothing
   * (DESIGN.md, "A follow-up rebalance after the flip"). It must rejoin when:
   *
   * <ul>
   *   <li>it has seen a Lease newer than the one the leader went by;
   *   <li>its hold changed since its JoinGroup while the Lease allows it (only its own subscription
   *       tells the leader);
   *   <li>its view went back behind what it sent (cannot happen with the Lease rules; rejoining is
   *       the safe answer);
   *   <li>the leader did not say which epoch it went by: then any difference from what it sent.
   * </ul>
   *
   * While a JoinGroup is under way it waits for the assignment, which either follows its view
   * already or is checked then; a rebalance asked for meanwhile would cost a generation. Safety
   * does not rest on rejoining: a member handles records only while its own view allows it.
   */
  public boolean stale() {
    MemberLease now = current();
    if (sent == null) {
      return true;
    }
    if (joinInFlight) {
      return false;
    }
    if (decided.isEmpty()) {
      return !now.equals(sent);
    }
    boolean allowed = now.allowed().filter(hash::equals).isPresent();
    return now.epoch() > decided.getAsLong()
        || now.epoch() < sent.epoch()
        || (allowed && now.held() != sent.held());
  }
}
