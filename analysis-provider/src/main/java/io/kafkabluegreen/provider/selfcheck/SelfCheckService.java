package io.kafkabluegreen.provider.selfcheck;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The checks of {@code helm test}: the provider is ready, and a lag request reaches Kafka and comes
 * back as Argo could use it. A lag answer proves Kafka answered when it is 200 with the lag fields,
 * or 404 problem+json naming the group (Kafka said the group does not exist); a 5xx, a timeout, or
 * a body that is not JSON fails — the last because Argo would count it Successful whatever it said.
 */
public final class SelfCheckService {

  static final String PROBLEM_JSON = "application/problem+json";
  private static final int SHOWN_BODY_CHARS = 200;

  private final SelfCheckOptions options;
  private final SelfCheckClient client;
  private final ObjectMapper json = new ObjectMapper();

  public SelfCheckService(SelfCheckOptions options) {
    this.options = options;
    this.client = new SelfCheckClient(options.providerUrl(), options.timeout());
  }

  /** Runs every check, also after a failed one, so that the output shows all that is wrong. */
  public List<CheckResult> run() {
    return List.of(readiness(), lag());
  }

  CheckResult readiness() {
    return call(
        "readyz",
        "/readyz",
        answer ->
            answer.status() == 200
                ? CheckResult.pass("readyz", "200 " + answer.body().strip())
                : CheckResult.fail("readyz", shown(answer)));
  }

  CheckResult lag() {
    StringBuilder path = new StringBuilder("/v1/lag?group=").append(encode(options.group()));
    options.topic().ifPresent(t -> path.append("&topic=").append(encode(t)));
    return call("lag", path.toString(), this::judgeLag);
  }

  private CheckResult judgeLag(SelfCheckClient.Answer answer) {
    JsonNode body;
    try {
      body = json.readTree(answer.body());
    } catch (JsonProcessingException e) {
      body = null;
    }
    if (body == null || !body.isObject()) {
      return CheckResult.fail("lag", "the body is not a JSON object: " + shown(answer));
    }
    if (answer.status() == 200 && isLagReport(body)) {
      return CheckResult.pass(
          "lag",
          "200 totalLag="
              + body.path("totalLag").asLong()
              + " maxLag="
              + body.path("maxLag").asLong()
              + " state="
              + body.path("state").asText());
    }
    if (answer.status() == 404 && PROBLEM_JSON.equals(answer.mediaType()) && namesAsked(body)) {
      return CheckResult.pass("lag", "404 (Kafka answered) " + body.path("detail").asText());
    }
    return CheckResult.fail("lag", shown(answer));
  }

  private boolean isLagReport(JsonNode body) {
    return options.group().equals(body.path("group").asText(null))
        && body.path("totalLag").isIntegralNumber()
        && body.path("maxLag").isIntegralNumber();
  }

  /** A 404 of the lag endpoint itself names what does not exist; a 404 of a wrong path does not. */
  private boolean namesAsked(JsonNode problem) {
    String detail = problem.path("detail").asText("");
    return detail.contains("'" + options.group() + "'")
        || options.topic().map(t -> detail.contains("'" + t + "'")).orElse(false);
  }

  private interface Judge {
    CheckResult judge(SelfCheckClient.Answer answer);
  }

  private CheckResult call(String name, String path, Judge judge) {
    long start = System.nanoTime();
    try {
      CheckResult result = judge.judge(client.get(path));
      long millis = (System.nanoTime() - start) / 1_000_000;
      return new CheckResult(name, result.passed(), result.detail() + " (" + millis + " ms)");
    } catch (HttpTimeoutException e) {
      return CheckResult.fail(
          name, "no answer from GET " + path + " within " + options.timeout().toMillis() + " ms");
    } catch (IOException e) {
      return CheckResult.fail(
          name, "GET " + options.providerUrl() + path + " failed: " + describe(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return CheckResult.fail(name, "interrupted");
    }
  }

  private static String shown(SelfCheckClient.Answer answer) {
    String body = answer.body().strip();
    if (body.length() > SHOWN_BODY_CHARS) {
      body = body.substring(0, SHOWN_BODY_CHARS) + "…";
    }
    return answer.status() + " " + answer.mediaType() + " " + body;
  }

  /**
   * The JDK's client often throws a ConnectException without a message; the type of its cause
   * (UnresolvedAddressException: DNS, a closed channel: refused) is what tells the two apart.
   */
  private static String describe(IOException e) {
    StringBuilder chain = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      chain.append(chain.isEmpty() ? "" : " <- ").append(t.getClass().getSimpleName());
      if (t.getMessage() != null) {
        return chain.append(": ").append(t.getMessage()).toString();
      }
    }
    return chain.toString();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
