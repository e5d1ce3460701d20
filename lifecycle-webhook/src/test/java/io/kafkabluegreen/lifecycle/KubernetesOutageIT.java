package io.kafkabluegreen.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kafkabluegreen.lifecycle.LifecycleException.Reason;
import io.kafkabluegreen.lifecycle.lease.LeasePhase;
import io.kafkabluegreen.tests.kafka.KafkaBroker;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Losing the Kubernetes API changes nothing: active stays active, standby stays standby. */
class KubernetesOutageIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  private final KafkaBroker broker = KafkaBroker.shared();
  private MockKubernetes kubernetes;
  private TestPods pods;
  private String topic;
  private String lease;

  @BeforeEach
  void setUp() {
    String id = UUID.randomUUID().toString().substring(0, 8);
    topic = "orders-" + id;
    lease = "lease-" + id;
    broker.createTopic(topic, 3);
    kubernetes = new MockKubernetes();
    kubernetes.createLease(lease, "blue");
    pods = new TestPods(broker, kubernetes, topic, "group-" + id, lease);
  }

  @AfterEach
  void tearDown() {
    pods.close();
    kubernetes.close();
  }

  @Test
  void When_the_api_server_is_down_Then_active_keeps_consuming_and_standby_stays_standby()
      throws Exception {
    ConsumerLifecycle<String, String> blue = pods.start("blue", "blue-0");
    ConsumerLifecycle<String, String> green = pods.start("green", "green-0");
    await().atMost(WAIT).until(() -> blue.state() == LifecycleState.ACTIVE && green.ready());

    kubernetes.stop();
    broker.produce(topic, 300);

    await().atMost(WAIT).until(() -> blue.status().processed() == 300);
    assertThat(blue.state()).isEqualTo(LifecycleState.ACTIVE);
    await()
        .during(Duration.ofSeconds(3))
        .atMost(WAIT)
        .until(() -> green.state() == LifecycleState.STANDBY);
    assertThat(pods.members()).containsExactly(blue.clientId());
    assertThatThrownBy(() -> green.resume(Duration.ofSeconds(10)))
        .isInstanceOfSatisfying(
            LifecycleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE));
    assertThat(blue.resume(Duration.ofSeconds(10)).state())
        .as("the last known Lease confirms the holder's resume")
        .isEqualTo(LifecycleState.ACTIVE);

    // the API server comes back: the watch resumes and the Lease drives the pods again
    kubernetes.restart();
    kubernetes.setLease(lease, "blue", LeasePhase.DRAINING);
    await().atMost(WAIT).until(() -> blue.state() == LifecycleState.STANDBY);
    kubernetes.setLease(lease, "green", LeasePhase.ACTIVE);
    await().atMost(WAIT).until(() -> green.state() == LifecycleState.ACTIVE);
    broker.produce(topic, 100);
    await().atMost(WAIT).until(() -> pods.processed.size() == 400);
    assertThat(pods.duplicates()).isEmpty();
  }

  @Test
  void
      When_the_api_server_is_down_at_start_Then_the_pod_waits_in_standby_and_joins_once_it_answers()
          throws Exception {
    kubernetes.stop();
    ConsumerLifecycle<String, String> blue = pods.start("blue", "blue-0");
    await().during(Duration.ofSeconds(3)).atMost(WAIT).until(() -> !blue.state().isMember());
    assertThat(blue.lease()).isEmpty();

    kubernetes.restart();
    await().atMost(WAIT).until(() -> blue.state() == LifecycleState.ACTIVE);
  }
}
