package io.kafkabluegreen.provider.connect;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one {@link ConnectCall} within the request bound, retrying Connect's rebalance answers.
 *
 * <p>A distributed Connect worker answers {@code 409} with "Cannot complete request momentarily due
 * to stale configuration (typically caused by a concurrent config change)" while its view of the
 * config topic is behind (a rebalance is needed), and with "Cannot complete request because of a
 * conflicting operation (e.g. worker rebalance)" when it could not reach the leader within two
 * forwarding hops. Both clear by themselves once the group has rebalanced, so they are retried
 * after 100, 200, 400 and 800 ms, but never past the request bound: the caller's deadline is one
 * {@code requestTimeout} for all attempts together. The other 409 Connect gives, "Connector X
 * already exists", is an answer and returned at once.
 */
final class ConnectExchange {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectExchange.class);
  private static final List<Duration> BACKOFF =
      List.of(
          Duration.ofMillis(100),
          Duration.ofMillis(200),
          Duration.ofMillis(400),
          Duration.ofMillis(800));

  /** Below this much time left, a retry could not get an answer and would hide Connect's. */
  private static final Duration LEAST_ATTEMPT = Duration.ofMillis(50);

  private final ConnectClientOptions options;
  private final ConnectJson json;
  private final HttpClient http;

  ConnectExchange(ConnectClientOptions options, ConnectJson json, HttpClient http) {
    this.options = options;
    this.json = json;
    this.http = http;
  }

  /** One HTTP client for many workers: each has its own selector thread and connection pool. */
  static HttpClient httpClient(ConnectClientOptions options) {
    // HTTP/1.1: Connect's Jetty would otherwise be offered an h2c upgrade on every request.
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(options.connectTimeout())
        .build();
  }

  ConnectAnswer send(ConnectCall call, HttpRequest.Builder request) {
    long deadline = System.nanoTime() + options.requestTimeout().toNanos();
    for (int attempt = 1; ; attempt++) {
      HttpResponse<String> response = once(call, request, left(deadline));
      ConnectAnswer answer =
          new ConnectAnswer(
              response.statusCode(),
              response.body(),
              response.statusCode() / 100 == 2 ? "" : json.errorMessage(response.body()),
              attempt);
      if (!rebalancing(answer) || attempt > BACKOFF.size()) {
        return answer;
      }
      Duration pause = BACKOFF.get(attempt - 1);
      if (left(deadline).compareTo(pause.plus(LEAST_ATTEMPT)) < 0) {
        return answer;
      }
      LOG.debug("{} answered 409 ({}), retrying in {} ms", call.what(), answer.message(), pause);
      pause(call, pause);
    }
  }

  private static boolean rebalancing(ConnectAnswer answer) {
    return answer.status() == 409 && !answer.message().contains("already exists");
  }

  private HttpResponse<String> once(ConnectCall call, HttpRequest.Builder request, Duration left) {
    // The request timeout covers the wait for the headers; the get() bound also covers a body
    // that trickles in, so that nothing outlives the deadline.
    CompletableFuture<HttpResponse<String>> pending =
        http.sendAsync(request.timeout(left).build(), HttpResponse.BodyHandlers.ofString());
    try {
      return pending.get(left.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      pending.cancel(true);
      throw call.unavailable(noAnswer(), e);
    } catch (ExecutionException e) {
      throw call.unavailable(describe(e.getCause()), e.getCause());
    } catch (InterruptedException e) {
      pending.cancel(true);
      Thread.currentThread().interrupt();
      throw call.unavailable("interrupted while waiting for the answer", e);
    }
  }

  private static void pause(ConnectCall call, Duration pause) {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw call.unavailable("interrupted while waiting out a rebalance", e);
    }
  }

  private String describe(Throwable failure) {
    if (failure instanceof HttpConnectTimeoutException) {
      return "connect timed out after " + options.connectTimeout().toMillis() + " ms";
    }
    if (failure instanceof HttpTimeoutException) {
      return noAnswer();
    }
    if (failure instanceof ConnectException) {
      return "connection refused";
    }
    if (failure instanceof IOException) {
      return "I/O error: " + failure;
    }
    return "unexpected " + failure;
  }

  private String noAnswer() {
    return "no answer within " + options.requestTimeout().toMillis() + " ms";
  }

  private static Duration left(long deadline) {
    return Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
  }
}
