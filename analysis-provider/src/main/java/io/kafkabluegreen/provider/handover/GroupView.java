package io.kafkabluegreen.provider.handover;

import java.util.List;

/**
 * A consumer group at one instant.
 *
 * @param group the group id
 * @param state the broker's group state (Stable, Empty, Dead, PreparingRebalance, …)
 * @param consumerProtocol true for a KIP-848 ({@code group.protocol=consumer}) group, whose
 *     members' assignments are what they own right now even while the group reconciles; false for a
 *     classic group, whose assignments only hold while it is Stable
 * @param members its members, empty when nobody is in the group
 */
public record GroupView(
    String group, String state, boolean consumerProtocol, List<GroupMember> members) {

  public GroupView {
    members = List.copyOf(members);
  }

  public boolean empty() {
    return members.isEmpty();
  }
}
