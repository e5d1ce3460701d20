package io.kafkabluegreen.tests.e2e.stub;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The smallest pod there is: an HTTP server for {@code ProcessKubelet} tests. {@code GET /readyz}
 * answers 200 until {@code POST /unready} (then 503); {@code GET /env} shows the environment the
 * kubelet gave it, as {@code KEY=value} lines; {@link PodChecks} answers questions about its
 * container. Binds {@code STUB_BIND_ADDRESS:STUB_PORT}; on SIGTERM it logs {@code stopping on
 * SIGTERM} before it exits, so a test can tell a graceful stop from a kill.
 */
public final class StubServer {

  private StubServer() {}

  public static void main(String[] args) throws IOException {
    String bind = System.getenv().getOrDefault("STUB_BIND_ADDRESS", "127.0.0.1");
    int port = Integer.parseInt(System.getenv().getOrDefault("STUB_PORT", "8080"));
    AtomicBoolean ready = new AtomicBoolean(true);
    HttpServer server = HttpServer.create(new InetSocketAddress(bind, port), 16);
    server.createContext(
        "/readyz", exchange -> reply(exchange, ready.get() ? 200 : 503, ready.toString()));
    server.createContext(
        "/unready",
        exchange -> {
          ready.set(false);
          reply(exchange, 200, "unready");
        });
    server.createContext(
        "/env",
        exchange -> {
          StringBuilder body = new StringBuilder();
          for (Map.Entry<String, String> e : new TreeMap<>(System.getenv()).entrySet()) {
            body.append(e.getKey()).append('=').append(e.getValue()).append('\n');
          }
          reply(exchange, 200, body.toString());
        });
    PodChecks.register(server);
    server.start();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("StubServer: stopping on SIGTERM");
                  server.stop(0);
                }));
  }

  private static void reply(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }
}
