package io.kafkabluegreen.provider.handover;

import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * One member of a consumer group as the broker describes it.
 *
 * @param clientId the consumer's {@code client.id}; consumer-app's is {@code
 *     consumer-app-<hash>-<pod>}, which tells the member's color
 * @param host the address the broker sees the member connect from
 * @param partitions the partitions currently assigned to it
 */
public record GroupMember(String clientId, String host, Set<TopicPartition> partitions) {

  public GroupMember {
    partitions = Set.copyOf(partitions);
  }
}
