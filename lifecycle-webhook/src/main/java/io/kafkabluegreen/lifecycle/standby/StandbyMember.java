package io.kafkabluegreen.lifecycle.standby;

import java.util.OptionalLong;

/**
 * The member side of {@link ColorAssignor}: what this member says when it (re)joins, a note of what
 * it said, and the Lease epoch the group leader made its assignment from, so that the poll thread
 * asks for another rebalance only when the group decided from a view older than its own. Called by
 * Kafka on the poll thread.
 */
public interface StandbyMember {

  /** This member's view right now. */
  MemberLease current();

  /** This member is about to send {@code sent} in a JoinGroup request. */
  void joining(MemberLease sent);

  /**
   * This member received its assignment of the generation it joined.
   *
   * @param decidedEpoch the epoch of the Lease the leader's assignor went by (-1: no member had
   *     read one); empty when the leader did not say (a release before it told)
   */
  void assigned(OptionalLong decidedEpoch);
}
