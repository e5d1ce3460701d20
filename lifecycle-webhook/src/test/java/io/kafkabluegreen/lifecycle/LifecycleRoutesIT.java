package io.kafkabluegreen.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkabluegreen.lifecycle.http.LifecycleServer;
import io.kafkabluegreen.lifecycle.lease.LeasePhase;
import io.kafkabluegreen.tests.kafka.KafkaBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP contract of lifecycle-webhook/README.md, over real HTTP against a real consumer. */
class LifecycleRoutesIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String TOKEN = "t0ken";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final KafkaBroker broker = KafkaBroker.shared();
  private final List<LifecycleServer> servers = new ArrayList<>();
  private MockKubernetes kubernetes;
  private TestPods pods;
  private String topic;
  private String lease;

  @BeforeEach
  void setUp() {
    String id = UUID.randomUUID().toString().substring(0, 8);
    topic = "orders-" + id;
    lease = "lease-" + id;
    broker.createTopic(topic, 2);
    kubernetes = new MockKubernetes();
    kubernetes.createLease(lease, "blue");
    pods = new TestPods(broker, kubernetes, topic, "group-" + id, lease);
  }

  @AfterEach
  void tearDown() {
    servers.forEach(LifecycleServer::close);
    pods.close();
    kubernetes.close();
  }

  @Test
  void Status_answers_the_documented_fields() throws Exception {
    ConsumerLifecycle<String, String> blue =
        pods.start("blue", "blue-0", o -> o.withAuthToken(TOKEN));
    int port = serve(blue);
    await().atMost(WAIT).until(() -> blue.status().assignedPartitions().size() == 2);
    broker.produce(topic, 20);
    await().atMost(WAIT).until(() -> blue.status().processed() == 20);

    HttpResponse<String> response = send(port, "GET", "/lifecycle/status", null);
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode status = JSON.readTree(response.body());
    assertThat(status.path("state").asText()).isEqualTo("ACTIVE");
    assertThat(status.path("hash").asText()).isEqualTo("blue");
    assertThat(status.path("pod").asText()).isEqualTo("blue-0");
    assertThat(status.path("group").asText()).startsWith("group-");
    assertThat(status.path("topics").get(0).asText()).isEqualTo(topic);
    assertThat(status.path("assignedPartitions")).hasSize(2);
    assertThat(status.path("processed").asLong()).isEqualTo(20);
    assertThat(status.path("failed").asLong()).isZero();
    assertThat(status.has("committedOffsets")).isTrue();
    assertThat(status.path("lease").path("holder").asText()).isEqualTo("blue");
    assertThat(status.path("lease").path("phase").asText()).isEqualTo("Active");
    assertThat(status.path("lease").path("epoch").asLong()).isEqualTo(1);
    assertThat(status.path("kafkaConnected").asBoolean()).isTrue();
    assertThat(status.path("ready").asBoolean()).isTrue();
  }

  @Test
  void Pause_drains_synchronously_is_idempotent_and_holds_until_resume() throws Exception {
    ConsumerLifecycle<String, String> blue =
        pods.start("blue", "blue-0", o -> o.withAuthToken(TOKEN));
    int port = serve(blue);
    await().atMost(WAIT).until(() -> blue.state() == LifecycleState.ACTIVE);
    broker.produce(topic, 50);
    await().atMost(WAIT).until(() -> blue.status().processed() == 50);

    HttpResponse<String> first = send(port, "POST", "/lifecycle/pause", TOKEN);
    assertThat(first.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(first.body());
    assertThat(body.path("state").asText()).isEqualTo("STANDBY");
    assertThat(
            body.path("committedOffsets").path(topic + "-0").asLong()
                + body.path("committedOffsets").path(topic + "-1").asLong())
        .isEqualTo(50);
    assertThat(body.path("drainMillis").isNumber()).isTrue();
    HttpResponse<String> again = send(port, "POST", "/lifecycle/pause?timeoutMs=1000", TOKEN);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(again.body()).path("state").asText()).isEqualTo("STANDBY");

    // the Lease still names blue, but the explicit pause holds
    await()
        .during(Duration.ofSeconds(2))
        .atMost(WAIT)
        .until(() -> blue.state() == LifecycleState.STANDBY);

    HttpResponse<String> resumed = send(port, "POST", "/lifecycle/resume", TOKEN);
    assertThat(resumed.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(resumed.body()).path("state").asText()).isEqualTo("ACTIVE");
    assertThat(send(port, "POST", "/lifecycle/resume", TOKEN).statusCode())
        .as("idempotent")
        .isEqualTo(200);
  }

  @Test
  void
      Resume_is_refused_with_409_when_the_lease_names_another_revision_and_allowed_once_it_names_this_one()
          throws Exception {
    pods.start("blue", "blue-0");
    ConsumerLifecycle<String, String> green =
        pods.start("green", "green-0", o -> o.withAuthToken(TOKEN));
    int port = serve(green);
    await().atMost(WAIT).until(() -> green.ready());

    HttpResponse<String> refused = send(port, "POST", "/lifecycle/resume", TOKEN);
    assertThat(refused.statusCode()).isEqualTo(409);
    assertProblem(refused, "conflict");
    assertThat(green.state()).isEqualTo(LifecycleState.STANDBY);
    assertThat(pods.members()).noneMatch(id -> id.contains("-green-"));

    kubernetes.setLease(lease, "blue", LeasePhase.DRAINING);
    kubernetes.setLease(lease, "green", LeasePhase.ACTIVE);
    // straight after the write: the resume re-reads the Lease instead of trusting the watch
    HttpResponse<String> allowed = send(port, "POST", "/lifecycle/resume", TOKEN);
    assertThat(allowed.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(allowed.body()).path("state").asText()).isEqualTo("ACTIVE");
  }

  @Test
  void Pause_and_resume_need_the_bearer_token() throws Exception {
    ConsumerLifecycle<String, String> blue =
        pods.start("blue", "blue-0", o -> o.withAuthToken(TOKEN));
    int port = serve(blue);

    for (String path : List.of("/lifecycle/pause", "/lifecycle/resume")) {
      HttpResponse<String> none = send(port, "POST", path, null);
      assertThat(none.statusCode()).isEqualTo(401);
      assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
      assertProblem(none, "unauthorized");
      HttpResponse<String> wrong = send(port, "POST", path, "not-" + TOKEN);
      assertThat(wrong.statusCode()).isEqualTo(403);
      assertProblem(wrong, "forbidden");
      assertThat(wrong.body()).doesNotContain(TOKEN);
    }
    assertThat(send(port, "GET", "/lifecycle/status", null).statusCode()).isEqualTo(200);
    await().atMost(WAIT).until(() -> blue.state() == LifecycleState.ACTIVE);
  }

  @Test
  void Malformed_requests_are_answered_with_problem_json() throws Exception {
    ConsumerLifecycle<String, String> blue =
        pods.start("blue", "blue-0", o -> o.withAuthToken(TOKEN));
    int port = serve(blue);

    for (String bad : List.of("abc", "0", "-5", "600001", "1.5")) {
      HttpResponse<String> response =
          send(port, "POST", "/lifecycle/pause?timeoutMs=" + bad, TOKEN);
      assertThat(response.statusCode()).as(bad).isEqualTo(400);
      JsonNode problem = assertProblem(response, "bad-request");
      assertThat(problem.path("errors").get(0).path("field").asText()).isEqualTo("timeoutMs");
    }
    assertThat(send(port, "POST", "/lifecycle/resume?timeoutMs=x", TOKEN).statusCode())
        .isEqualTo(400);
    HttpResponse<String> unknown = send(port, "POST", "/lifecycle/restart", TOKEN);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.headers().firstValue("Content-Type"))
        .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
    assertThat(blue.state()).isNotEqualTo(LifecycleState.STANDBY);
  }

  @Test
  void Pause_answers_504_when_the_record_in_flight_outlasts_the_timeout_and_still_drains()
      throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ConsumerLifecycle<String, String> blue =
        pods.build(
            "blue",
            "blue-0",
            o -> o.withAuthToken(TOKEN),
            kubernetes.client(),
            record -> {
              started.countDown();
              try {
                release.await(30, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    blue.start();
    int port = serve(blue);
    broker.produce(topic, 1);
    assertThat(started.await(60, TimeUnit.SECONDS)).isTrue();

    HttpResponse<String> response = send(port, "POST", "/lifecycle/pause?timeoutMs=200", TOKEN);
    assertThat(response.statusCode()).isEqualTo(504);
    assertProblem(response, "timeout");

    release.countDown();
    await().atMost(WAIT).until(() -> blue.state() == LifecycleState.STANDBY);
    assertThat(pods.committed()).isEqualTo(pods.processedUpTo());
  }

  private int serve(ConsumerLifecycle<?, ?> lifecycle) {
    LifecycleServer server = LifecycleServer.start(lifecycle, "127.0.0.1", 0);
    servers.add(server);
    return server.port();
  }

  private static JsonNode assertProblem(HttpResponse<String> response, String slug)
      throws Exception {
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
    JsonNode problem = JSON.readTree(response.body());
    assertThat(problem.path("type").asText()).endsWith("/" + slug);
    assertThat(problem.path("status").asInt()).isEqualTo(response.statusCode());
    assertThat(problem.path("title").asText()).isNotBlank();
    assertThat(problem.path("detail").asText()).isNotBlank();
    return problem;
  }

  private static HttpResponse<String> send(int port, String method, String path, String token)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30))
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
