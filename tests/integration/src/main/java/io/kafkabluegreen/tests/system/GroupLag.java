package io.kafkabluegreen.tests.system;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** A consumer group's total lag on one topic, for the scenarios' progress and reports. */
public final class GroupLag {

  private GroupLag() {}

  /** Sum over partitions of end minus committed (log start when nothing is committed). */
  public static long total(Admin admin, String topic, int partitions, String group) {
    try {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
      for (int p = 0; p < partitions; p++) {
        latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        earliest.put(new TopicPartition(topic, p), OffsetSpec.earliest());
      }
      Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get();
      Map<TopicPartition, ListOffsetsResultInfo> starts = admin.listOffsets(earliest).all().get();
      long lag = 0;
      for (TopicPartition tp : latest.keySet()) {
        OffsetAndMetadata commit = committed.get(tp);
        long from = commit == null ? starts.get(tp).offset() : commit.offset();
        lag += Math.max(0, ends.get(tp).offset() - from);
      }
      return lag;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("lag of " + group + ": " + e.getCause(), e);
    }
  }
}
