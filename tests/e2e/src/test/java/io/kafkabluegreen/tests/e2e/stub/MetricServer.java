package io.kafkabluegreen.tests.e2e.stub;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A web-metric endpoint in the test JVM whose answer the test sets: stands in for the provider when
 * a test is about the Rollouts controller itself (when it calls, what it does with the answer).
 * Serves {@code GET /metric} on 127.0.0.1.
 */
public final class MetricServer implements AutoCloseable {

  private final HttpServer server;
  private final AtomicReference<String> body = new AtomicReference<>("{\"phase\":\"InProgress\"}");
  private final AtomicInteger calls = new AtomicInteger();

  private MetricServer(HttpServer server) {
    this.server = server;
  }

  public static MetricServer start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
      MetricServer metric = new MetricServer(server);
      server.createContext(
          "/metric",
          exchange -> {
            metric.calls.incrementAndGet();
            byte[] bytes = metric.body.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
          });
      server.start();
      return metric;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The URL Argo should call. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/metric";
  }

  /** Sets the JSON body of every following answer. */
  public void answer(String json) {
    body.set(json);
  }

  public int calls() {
    return calls.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
