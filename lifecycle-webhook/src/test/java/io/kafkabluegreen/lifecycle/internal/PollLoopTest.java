package io.kafkabluegreen.lifecycle.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kafkabluegreen.lifecycle.CommitHook;
import io.kafkabluegreen.lifecycle.FailurePolicy;
import io.kafkabluegreen.lifecycle.LifecycleException;
import io.kafkabluegreen.lifecycle.LifecycleOptions;
import io.kafkabluegreen.lifecycle.LifecycleState;
import io.kafkabluegreen.lifecycle.PauseResult;
import io.kafkabluegreen.lifecycle.RecordHandler;
import io.kafkabluegreen.lifecycle.lease.LeasePhase;
import io.kafkabluegreen.lifecycle.lease.LeaseState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The poll loop's rules, against Kafka's MockConsumer (no broker, no API server). */
class PollLoopTest {

  private static final String TOPIC = "orders";
  private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
  private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final RecordingConsumer consumer = new RecordingConsumer();
  private final AtomicReference<LeaseState> lease =
      new AtomicReference<>(new LeaseState("blue", LeasePhase.ACTIVE, "", 1, "1"));
  private final StatusBoard board = new StatusBoard();
  private final ConcurrentLinkedQueue<Long> handled = new ConcurrentLinkedQueue<>();
  private PollLoop<String, String> loop;
  private Thread thread;

  @AfterEach
  void stop() throws Exception {
    if (loop != null) {
      loop.stop().get(30, TimeUnit.SECONDS);
      thread.join();
    }
  }

  @Test
  void When_a_record_keeps_failing_Then_only_the_records_before_it_are_committed()
      throws Exception {
    start(FailurePolicy.RETRY, failingAt(5), CommitHook.NONE);
    assignAndFeed(List.of(P0), 10);
    await().atMost(WAIT).until(() -> board.processed() == 5 && board.failed() > 1);

    PauseResult paused = loop.pause().get(30, TimeUnit.SECONDS);

    assertThat(paused.state()).isEqualTo(LifecycleState.STANDBY);
    assertThat(paused.committedOffsets()).containsExactly(Map.entry("orders-0", 5L));
    assertThat(consumer.commits).containsEntry(P0, 5L);
    assertThat(handled).containsExactly(0L, 1L, 2L, 3L, 4L);
    assertThat(consumer.subscription()).isEmpty();
  }

  @Test
  void When_the_policy_is_skip_Then_a_failed_record_is_committed_past() throws Exception {
    start(FailurePolicy.SKIP, failingAt(5), CommitHook.NONE);
    assignAndFeed(List.of(P0), 10);
    await().atMost(WAIT).until(() -> board.processed() == 9);

    PauseResult paused = loop.pause().get(30, TimeUnit.SECONDS);

    assertThat(board.failed()).isEqualTo(1);
    assertThat(paused.committedOffsets()).containsEntry("orders-0", 10L);
  }

  @Test
  void
      When_the_lease_stops_allowing_Then_the_loop_drains_and_when_it_allows_again_it_resubscribes() {
    start(FailurePolicy.RETRY, r -> {}, CommitHook.NONE);
    assignAndFeed(List.of(P0), 3);
    await().atMost(WAIT).until(() -> board.processed() == 3);

    lease.set(new LeaseState("blue", LeasePhase.DRAINING, "green", 2, "2"));
    loop.leaseChanged();
    await().atMost(WAIT).until(() -> board.state() == LifecycleState.STANDBY);
    assertThat(board.committed()).containsEntry("orders-0", 3L);

    lease.set(new LeaseState("blue", LeasePhase.ACTIVE, "", 3, "3"));
    loop.leaseChanged();
    await().atMost(WAIT).until(() -> board.state() == LifecycleState.ACTIVE);
  }

  @Test
  void When_paused_explicitly_Then_only_resume_or_a_newer_allowing_epoch_lifts_the_hold()
      throws Exception {
    start(FailurePolicy.RETRY, r -> {}, CommitHook.NONE);
    await().atMost(WAIT).until(() -> board.state() == LifecycleState.ACTIVE);
    loop.pause().get(30, TimeUnit.SECONDS);

    loop.leaseChanged(); // same epoch: still held
    loop.resume().get(30, TimeUnit.SECONDS);
    assertThat(board.state()).isEqualTo(LifecycleState.ACTIVE);

    loop.pause().get(30, TimeUnit.SECONDS);
    lease.set(new LeaseState("blue", LeasePhase.ACTIVE, "", 2, "2"));
    loop.leaseChanged();
    await().atMost(WAIT).until(() -> board.state() == LifecycleState.ACTIVE);
  }

  @Test
  void When_the_lease_names_another_hash_Then_resume_is_refused() {
    lease.set(new LeaseState("green", LeasePhase.ACTIVE, "", 4, "4"));
    start(FailurePolicy.RETRY, r -> {}, CommitHook.NONE);
    await().atMost(WAIT).until(() -> board.state() == LifecycleState.STANDBY);

    assertThatThrownBy(() -> loop.resume().join())
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOfSatisfying(
            LifecycleException.class,
            e -> assertThat(e.reason()).isEqualTo(LifecycleException.Reason.NOT_HOLDER));
    assertThat(board.state()).isEqualTo(LifecycleState.STANDBY);
    assertThat(consumer.subscription()).isEmpty();
  }

  @Test
  void When_partitions_are_revoked_Then_their_finished_records_are_committed_first() {
    start(FailurePolicy.RETRY, r -> {}, CommitHook.NONE);
    assignAndFeed(List.of(P0, P1), 4);
    await().atMost(WAIT).until(() -> board.processed() == 8);

    consumer.schedulePollTask(() -> consumer.rebalance(List.of(P1)));

    await().atMost(WAIT).until(() -> consumer.commits.containsKey(P0));
    assertThat(consumer.commits).containsEntry(P0, 4L).doesNotContainKey(P1);
    assertThat(board.assigned()).containsExactly("orders-1");
  }

  @Test
  void When_the_commit_hook_fails_Then_nothing_is_committed_and_the_consumer_fails() {
    start(
        FailurePolicy.RETRY,
        r -> {},
        offsets -> {
          throw new IllegalStateException("audit producer broken");
        });
    assignAndFeed(List.of(P0), 3);
    await().atMost(WAIT).until(() -> board.processed() == 3);

    assertThatThrownBy(() -> loop.pause().get(30, TimeUnit.SECONDS))
        .hasRootCauseMessage("audit producer broken");
    await().atMost(WAIT).until(() -> board.state() == LifecycleState.FAILED);
    assertThat(consumer.commits).isEmpty();
    assertThat(consumer.closed()).isTrue();
    loop = null; // already finished
  }

  /** Remembers every committed offset, even of partitions no longer assigned. */
  private static final class RecordingConsumer extends MockConsumer<String, String> {
    final Map<TopicPartition, Long> commits = new java.util.concurrent.ConcurrentHashMap<>();

    RecordingConsumer() {
      super("earliest");
    }

    @Override
    public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets, Duration timeout) {
      super.commitSync(offsets, timeout);
      offsets.forEach((tp, o) -> commits.put(tp, o.offset()));
    }
  }

  private RecordHandler<String, String> failingAt(long offset) {
    return r -> {
      if (r.offset() == offset) {
        throw new IllegalStateException("boom");
      }
    };
  }

  private void start(FailurePolicy policy, RecordHandler<String, String> work, CommitHook hook) {
    consumer.updatePartitions(
        TOPIC,
        List.of(
            new PartitionInfo(TOPIC, 0, Node.noNode(), new Node[0], new Node[0]),
            new PartitionInfo(TOPIC, 1, Node.noNode(), new Node[0], new Node[0])));
    LifecycleOptions options =
        LifecycleOptions.of("blue", "blue-0", "test", "lease")
            .withFailurePolicy(policy, Duration.ofMillis(5))
            .withCommitInterval(Duration.ofMinutes(1));
    loop =
        new PollLoop<>(
            consumer,
            List.of(TOPIC),
            options,
            r -> {
              work.handle(r);
              handled.add(r.offset());
            },
            hook,
            null,
            () -> Optional.ofNullable(lease.get()),
            board,
            false,
            null); // leave membership: MockConsumer runs no group protocol
    thread = new Thread(loop, "poll-loop-test");
    thread.start();
  }

  /** Assigns the partitions and adds {@code count} records to each, on the poll thread. */
  private void assignAndFeed(List<TopicPartition> partitions, int count) {
    await().atMost(WAIT).until(() -> board.state() == LifecycleState.ACTIVE);
    consumer.schedulePollTask(
        () -> {
          consumer.rebalance(partitions);
          Map<TopicPartition, Long> beginning = new java.util.HashMap<>();
          partitions.forEach(tp -> beginning.put(tp, 0L));
          consumer.updateBeginningOffsets(beginning);
          for (TopicPartition tp : partitions) {
            for (long o = 0; o < count; o++) {
              consumer.addRecord(
                  new ConsumerRecord<>(TOPIC, tp.partition(), o, "k-" + o, "v-" + o));
            }
          }
        });
  }
}
