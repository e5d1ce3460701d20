package io.kafkabluegreen.lifecycle.standby;

import io.kafkabluegreen.lifecycle.lease.LeaseState;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * This member's {@link StandbyMember}: its hash, the Lease its watcher last saw, and whether an
 * explicit pause holds it; remembers what the last JoinGroup carried, so that the poll thread can
 * tell when the group's assignment was made from a view older than its own. Created before the
 * consumer (Kafka configures the assignor with it), connected to the Lease when the poll loop is
 * built. Used on the poll thread only.
 */
public final class StandbyView implements StandbyMember {

  private final String hash;
  private Supplier<Optional<LeaseState>> lease = Optional::empty;
  private boolean held;
  private MemberLease sent;

  public StandbyView(String hash) {
    this.hash = hash;
  }

  public void connect(Supplier<Optional<LeaseState>> source) {
    this.lease = source;
  }

  public void held(boolean value) {
    this.held = value;
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
    return MemberLease.of(hash, now, held && allowed);
  }

  @Override
  public void joining(MemberLease value) {
    this.sent = value;
  }

  /** True when this member's view differs from what its last JoinGroup told the leader. */
  public boolean stale() {
    return !current().equals(sent);
  }
}
