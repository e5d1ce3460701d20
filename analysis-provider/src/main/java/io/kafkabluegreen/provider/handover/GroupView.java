package io.kafkabluegreen.provider.handover;

import java.util.List;

/**
 * A consumer group at one instant.
 *
 * @param group the group id
 * @param state the broker's group state (Stable, Empty, Dead, PreparingRebalance, …)
 * @param members its members, empty when nobody is in the group
 */
public record GroupView(String group, String state, List<GroupMember> members) {

  public GroupView {
    members = List.copyOf(members);
  }

  public boolean empty() {
    return members.isEmpty();
  }
}
