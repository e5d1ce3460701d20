package io.kafkabluegreen.lifecycle.standby;

/**
 * The member side of {@link ColorAssignor}: what this member says when it (re)joins, and a note of
 * what it said, so that the poll thread can ask for another rebalance when its view changed after
 * its last join. Called by Kafka on the poll thread.
 */
public interface StandbyMember {

  /** This member's view right now. */
  MemberLease current();

  /** This member is about to send {@code sent} in a JoinGroup request. */
  void joining(MemberLease sent);
}
