package io.kafkabluegreen.tests.connect;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Waits until a worker's REST API is usable: {@code GET /} answers once Jetty is up, {@code GET
 * /connectors} only once the worker has joined its cluster and read the config topic.
 */
final class WorkerReadiness {

  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
  // Between two refused connections: a bounded wait on the process, which also ends at once when
  // the worker exits (a bad config, a port taken), so a failed start is reported without delay.
  private static final Duration RETRY_PAUSE = Duration.ofMillis(200);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();

  /**
   * Returns once {@code worker} answers both requests with 200; throws with the end of its log if
   * it exits or {@code deadlineNanos} (a {@link System#nanoTime()} value) passes first.
   */
  void await(ConnectWorker worker, long deadlineNanos) {
    Process process = worker.process();
    while (System.nanoTime() < deadlineNanos) {
      if (answers(worker.uri()) && answers(worker.uri().resolve("connectors"))) {
        return;
      }
      if (ConnectWorker.waitFor(process, RETRY_PAUSE)) {
        throw new IllegalStateException(
            "Connect worker "
                + worker.uri()
                + " exited with "
                + process.exitValue()
                + "; see "
                + worker.logFile()
                + ", which ends with:\n"
                + worker.logTail());
      }
    }
    throw new IllegalStateException(
        "Connect worker "
            + worker.uri()
            + " not ready in time; see "
            + worker.logFile()
            + ", which ends with:\n"
            + worker.logTail());
  }

  private boolean answers(URI uri) {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).GET().build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
