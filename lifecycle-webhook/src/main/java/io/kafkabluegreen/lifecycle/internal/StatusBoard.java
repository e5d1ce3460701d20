package io.kafkabluegreen.lifecycle.internal;

import io.kafkabluegreen.lifecycle.LifecycleState;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * What the poll thread publishes for other threads (status endpoint, metrics, readiness). Written
 * only by the poll thread; every field is a volatile snapshot, so readers never block it.
 */
public final class StatusBoard {

  private volatile LifecycleState state = LifecycleState.STARTING;
  private volatile boolean kafkaConnected;
  // counted once per record: a release store (lazySet) costs nothing on the hot path, while a
  // volatile write would add a full fence per record
  private final AtomicLong processed = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private volatile List<String> assigned = List.of();
  private volatile Map<String, Long> committed = Map.of();

  public LifecycleState state() {
    return state;
  }

  public boolean kafkaConnected() {
    return kafkaConnected;
  }

  public long processed() {
    return processed.get();
  }

  public long failed() {
    return failed.get();
  }

  public List<String> assigned() {
    return assigned;
  }

  public Map<String, Long> committed() {
    return committed;
  }

  void state(LifecycleState newState) {
    state = newState;
  }

  void kafkaConnected(boolean connected) {
    kafkaConnected = connected;
  }

  // single writer (the poll thread): read, add, publish with release semantics
  void countProcessed() {
    processed.lazySet(processed.get() + 1);
  }

  void countFailed() {
    failed.lazySet(failed.get() + 1);
  }

  void assigned(Collection<TopicPartition> partitions) {
    assigned = partitions.stream().map(TopicPartition::toString).sorted().toList();
  }

  void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
    Map<String, Long> view = new TreeMap<>();
    offsets.forEach((tp, offset) -> view.put(tp.toString(), offset.offset()));
    committed = Map.copyOf(view);
  }

  /** Sorted copy for JSON. */
  public Map<String, Long> committedSorted() {
    return new TreeMap<>(committed);
  }
}
