package io.kafkabluegreen.tests.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.kafkabluegreen.tests.kafka.KafkaBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectClusterIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Duration POLL = Duration.ofMillis(50);
  private static final int PARTITIONS = 3;
  private static final int RECORDS = 300;

  private final KafkaBroker broker = KafkaBroker.shared();
  private final SinkGroupReader groups = new SinkGroupReader(broker.admin());
  @TempDir Path dir;

  @Test
  void When_created_with_initial_state_STOPPED_Then_connector_is_STOPPED_with_no_tasks() {
    String topic = "connect-it-created-stopped";
    broker.createTopic(topic, PARTITIONS);
    try (ConnectCluster cluster = ConnectCluster.start(broker, options("created-stopped"))) {
      ConnectRestClient rest = new ConnectRestClient(cluster.restUri());

      rest.createStopped("sink-created-stopped", sinkConfig(topic));

      await().atMost(WAIT).pollInterval(POLL).until(() -> rest.isStopped("sink-created-stopped"));
      JsonNode status = rest.status("sink-created-stopped");
      assertThat(status.path("connector").path("state").asText()).isEqualTo("STOPPED");
      assertThat(status.get("tasks")).isNotNull().isEmpty();
      assertThat(sinkFile("created-stopped")).doesNotExist();
    }
  }

  @Test
  void When_resumed_Then_one_task_runs_and_every_record_lands_in_the_workers_file()
      throws IOException {
    String topic = "connect-it-resume";
    broker.createTopic(topic, PARTITIONS);
    broker.produce(topic, RECORDS);
    try (ConnectCluster cluster = ConnectCluster.start(broker, options("resume"))) {
      ConnectRestClient rest = new ConnectRestClient(cluster.restUri());
      rest.createStopped("sink-resume", sinkConfig(topic));
      await().atMost(WAIT).pollInterval(POLL).until(() -> rest.isStopped("sink-resume"));

      long start = System.nanoTime();
      resumeAndAwaitRunning(rest, "sink-resume", 1);
      long resumeMs = millisSince(start);

      System.out.printf(
          "Connect resume (PUT resume -> RUNNING, 1/1 task RUNNING): %d ms%n", resumeMs);
      awaitLines(sinkFile("resume"), RECORDS);
      assertThat(Files.readAllLines(sinkFile("resume")))
          .hasSize(RECORDS)
          .containsExactlyInAnyOrderElementsOf(values(RECORDS));
    }
  }

  @Test
  void
      When_stopped_Then_no_tasks_and_the_sink_group_has_committed_everything_written_and_no_members()
          throws Exception {
    String topic = "connect-it-stop";
    String name = "sink-stop";
    broker.createTopic(topic, PARTITIONS);
    broker.produce(topic, RECORDS);
    try (ConnectCluster cluster = ConnectCluster.start(broker, options("stop"))) {
      ConnectRestClient rest = new ConnectRestClient(cluster.restUri());
      rest.createStopped(name, sinkConfig(topic));
      await().atMost(WAIT).pollInterval(POLL).until(() -> rest.isStopped(name));
      resumeAndAwaitRunning(rest, name, 1);
      awaitLines(sinkFile("stop"), RECORDS);

      long start = System.nanoTime();
      rest.stop(name);
      await().atMost(WAIT).pollInterval(POLL).until(() -> rest.isStopped(name));
      long stoppedMs = millisSince(start);
      await().atMost(WAIT).pollInterval(POLL).until(() -> groups.isEmpty("connect-" + name));
      long emptyMs = millisSince(start);

      System.out.printf(
          "Connect stop: PUT stop -> STOPPED with 0 tasks %d ms, -> sink group empty %d ms%n",
          stoppedMs, emptyMs);
      assertThat(rest.status(name).get("tasks")).isNotNull().isEmpty();
      ConsumerGroupDescription group = groups.describe("connect-" + name);
      assertThat(group.members()).isEmpty();
      assertThat(group.groupState()).isEqualTo(GroupState.EMPTY);
      Map<TopicPartition, Long> committed = groups.committedOffsets("connect-" + name);
      assertThat(committed).isEqualTo(groups.endOffsets(topic, PARTITIONS));
      assertThat(committed.values().stream().mapToLong(Long::longValue).sum())
          .isEqualTo(Files.readAllLines(sinkFile("stop")).size())
          .isEqualTo(RECORDS);
      assertThat(rest.sinkOffsets(name)).isEqualTo(committed);
    }
  }

  @Test
  void When_two_clusters_run_side_by_side_Then_each_resolves_its_own_env_and_writes_its_own_file()
      throws IOException {
    String topic = "connect-it-side-by-side";
    broker.createTopic(topic, PARTITIONS);
    broker.produce(topic, RECORDS);
    try (ConnectCluster blue = ConnectCluster.start(broker, options("blue"));
        ConnectCluster green =
            ConnectCluster.start(broker, options("green").withRestHost("127.0.0.5"))) {
      ConnectRestClient blueRest = new ConnectRestClient(blue.restUri());
      ConnectRestClient greenRest = new ConnectRestClient(green.restUri());

      blueRest.createStopped("sink-blue", sinkConfig(topic));
      greenRest.createStopped("sink-green", sinkConfig(topic));
      resumeAndAwaitRunning(blueRest, "sink-blue", 1);
      resumeAndAwaitRunning(greenRest, "sink-green", 1);

      assertThat(green.restUri().getHost()).isEqualTo("127.0.0.5");
      assertThat(blueRest.connectors()).extracting(JsonNode::asText).containsExactly("sink-blue");
      assertThat(greenRest.connectors()).extracting(JsonNode::asText).containsExactly("sink-green");
      // Both clusters store the same unresolved config; each worker resolves it to its own file.
      assertThat(greenRest.config("sink-green").path("file").asText())
          .isEqualTo("${env:KBG_SINK_FILE}");
      awaitLines(sinkFile("blue"), RECORDS);
      awaitLines(sinkFile("green"), RECORDS);
      assertThat(Files.readAllLines(sinkFile("blue")))
          .containsExactlyInAnyOrderElementsOf(values(RECORDS));
      assertThat(Files.readAllLines(sinkFile("green")))
          .containsExactlyInAnyOrderElementsOf(values(RECORDS));
    }
  }

  @Test
  void
      When_a_worker_is_killed_or_stopped_Then_it_starts_again_on_the_same_port_and_sees_the_cluster()
          throws IOException {
    String topic = "connect-it-restart";
    broker.createTopic(topic, PARTITIONS);
    try (ConnectCluster cluster = ConnectCluster.start(broker, options("restart").withWorkers(2))) {
      assertThat(cluster.workerUris()).hasSize(2).doesNotHaveDuplicates();
      assertThat(cluster.restUri()).isEqualTo(cluster.workerUris().get(0));
      // A create sent to either worker reaches the leader (followers forward it).
      new ConnectRestClient(cluster.workerUris().get(1))
          .createStopped("sink-restart", sinkConfig(topic));
      int port = cluster.restPort(1);

      cluster.killWorker(1);
      assertThat(cluster.isRunning(1)).isFalse();
      cluster.startWorker(1);

      assertThat(cluster.restPort(1)).isEqualTo(port);
      assertThat(new ConnectRestClient(cluster.workerUris().get(1)).connectors())
          .extracting(JsonNode::asText)
          .containsExactly("sink-restart");
      cluster.stopWorker(0);
      assertThat(cluster.isRunning(0)).isFalse();
      assertThat(Files.readString(cluster.logFile(0))).contains("Kafka Connect stopped");
    }
  }

  @Test
  void When_a_worker_cannot_start_Then_start_fails_with_the_end_of_its_log() {
    ConnectClusterOptions broken =
        options("broken").withExtraConfig("key.converter", "io.kafkabluegreen.NoSuchConverter");

    assertThatThrownBy(() -> ConnectCluster.start(broker, broken).close())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("exited")
        .hasMessageContaining("io.kafkabluegreen.NoSuchConverter");
  }

  private ConnectClusterOptions options(String clusterId) {
    return ConnectClusterOptions.defaults("connect-it-" + clusterId)
        .withWorkDir(dir.resolve(clusterId))
        .withEnv("KBG_SINK_FILE", sinkFile(clusterId).toAbsolutePath().toString());
  }

  private Path sinkFile(String clusterId) {
    return dir.resolve(clusterId + "-sink.txt");
  }

  private static Map<String, String> sinkConfig(String topic) {
    return Map.of(
        "connector.class", "org.apache.kafka.connect.file.FileStreamSinkConnector",
        "tasks.max", "1",
        "topics", topic,
        "file", "${env:KBG_SINK_FILE}");
  }

  private static void resumeAndAwaitRunning(ConnectRestClient rest, String name, int tasks) {
    rest.resume(name);
    await().atMost(WAIT).pollInterval(POLL).until(() -> rest.isRunning(name, tasks));
  }

  private static void awaitLines(Path file, int count) {
    await()
        .atMost(WAIT)
        .pollInterval(POLL)
        .until(() -> Files.exists(file) && Files.readAllLines(file).size() >= count);
  }

  private static List<String> values(int count) {
    return IntStream.range(0, count).mapToObj(i -> "value-" + i).toList();
  }

  private static long millisSince(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
  }
}
