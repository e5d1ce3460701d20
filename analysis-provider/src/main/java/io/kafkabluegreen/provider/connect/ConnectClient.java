package io.kafkabluegreen.provider.connect;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls one Kafka Connect cluster's REST API (Kafka 4.1; a revision's workers behind one address).
 *
 * <p>Every call returns or throws within {@link ConnectClientOptions#requestTimeout()}, retries of
 * a rebalance answer included (see {@link ConnectExchange}). Failures are {@link
 * ConnectUnavailableException} when the worker did not answer and {@link ConnectRequestException}
 * when it answered an error; both name the operation, the connector and the worker. Safe for
 * concurrent use.
 */
public final class ConnectClient {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectClient.class);

  private final URI baseUri;
  private final ConnectJson json = new ConnectJson();
  private final ConnectExchange exchange;

  /**
   * A client with an HTTP client of its own; the provider shares one through {@link
   * ConnectClients}.
   */
  public ConnectClient(URI baseUri, ConnectClientOptions options) {
    this(baseUri, options, ConnectExchange.httpClient(options));
  }

  ConnectClient(URI baseUri, ConnectClientOptions options, java.net.http.HttpClient http) {
    this.baseUri = baseUri;
    this.exchange = new ConnectExchange(options, json, http);
  }

  /** {@code GET /connectors/{name}/status}; empty if Connect does not know the connector. */
  public Optional<ConnectorState> status(String connector) {
    ConnectCall call = call("read the status of", connector);
    ConnectAnswer answer = exchange.send(call, get("/connectors/", connector, "/status"));
    return readUnlessAbsent(call, answer, json::status);
  }

  /** {@code GET /connectors/{name}/config}; empty if Connect does not know the connector. */
  public Optional<Map<String, String>> config(String connector) {
    ConnectCall call = call("read the config of", connector);
    ConnectAnswer answer = exchange.send(call, get("/connectors/", connector, "/config"));
    return readUnlessAbsent(call, answer, json::config);
  }

  /**
   * {@code POST /connectors} with {@code "initial_state":"STOPPED"} (KIP-980): the connector starts
   * without tasks, so that offsets can be written before it first consumes. A connector of that
   * name that exists already is left as it is (its config and state are not checked here).
   */
  public void createStopped(String connector, Map<String, String> config) {
    ConnectCall call = call("create", connector);
    HttpRequest.Builder request =
        request("/connectors")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json.createStoppedBody(connector, config)));
    ConnectAnswer answer = exchange.send(call, request);
    if (answer.status() == 409 && answer.message().contains("already exists")) {
      LOG.debug("{}: it exists already ({})", call.what(), answer.message());
      return;
    }
    requireOk(call, answer);
  }

  /** {@code PUT /connectors/{name}/stop}: Connect answers once the stop is recorded (204). */
  public void stop(String connector) {
    ConnectCall call = call("stop", connector);
    put(call, "/stop");
  }

  /** {@code PUT /connectors/{name}/resume}: accepted (202); tasks start asynchronously. */
  public void resume(String connector) {
    ConnectCall call = call("resume", connector);
    put(call, "/resume");
  }

  /** {@code GET /connectors/{name}/offsets}: the committed offsets, in Connect's order. */
  public List<ConnectorOffset> offsets(String connector) {
    ConnectCall call = call("read the offsets of", connector);
    ConnectAnswer answer = exchange.send(call, get("/connectors/", connector, "/offsets"));
    requireOk(call, answer);
    return read(call, answer, json::offsets);
  }

  /**
   * {@code PATCH /connectors/{name}/offsets}; Connect accepts it only while the connector is {@code
   * STOPPED} (400 otherwise). An empty list sends nothing: Connect would reject it (400,
   * "Partitions / offsets need to be provided"), and there is nothing to write.
   */
  public void alterOffsets(String connector, List<ConnectorOffset> offsets) {
    if (offsets.isEmpty()) {
      return;
    }
    ConnectCall call = call("alter the offsets of", connector);
    HttpRequest.Builder request =
        request(path("/connectors/", connector, "/offsets"))
            .header("Content-Type", "application/json")
            .method("PATCH", HttpRequest.BodyPublishers.ofString(json.offsetsBody(offsets)));
    requireOk(call, exchange.send(call, request));
  }

  /** {@code GET /} answers 200 with a {@code version}; never throws. */
  public boolean reachable() {
    ConnectCall call = new ConnectCall("read the version of", null, baseUri);
    try {
      ConnectAnswer answer = exchange.send(call, request("/").GET());
      return answer.status() == 200 && json.version(answer.body()).isPresent();
    } catch (ConnectUnavailableException e) {
      LOG.debug("{}", e.getMessage());
      return false;
    }
  }

  /** The worker address this client calls, as messages name it. */
  public URI baseUri() {
    return baseUri;
  }

  private void put(ConnectCall call, String action) {
    HttpRequest.Builder request =
        request(path("/connectors/", call.connector(), action))
            .PUT(HttpRequest.BodyPublishers.noBody());
    requireOk(call, exchange.send(call, request));
  }

  private <T> Optional<T> readUnlessAbsent(
      ConnectCall call, ConnectAnswer answer, Reader<T> reader) {
    if (answer.status() == 404) {
      return Optional.empty();
    }
    requireOk(call, answer);
    return Optional.of(read(call, answer, reader));
  }

  private static <T> T read(ConnectCall call, ConnectAnswer answer, Reader<T> reader) {
    try {
      return reader.read(answer.body());
    } catch (IOException e) {
      throw call.unreadable(answer, e);
    }
  }

  private static void requireOk(ConnectCall call, ConnectAnswer answer) {
    if (!answer.ok()) {
      throw call.rejected(answer);
    }
  }

  private ConnectCall call(String verb, String connector) {
    return new ConnectCall(verb, connector, baseUri);
  }

  private HttpRequest.Builder get(String prefix, String connector, String suffix) {
    return request(path(prefix, connector, suffix)).GET();
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(endpoint(path)).header("Accept", "application/json");
  }

  private static String path(String prefix, String connector, String suffix) {
    return prefix + connector + suffix;
  }

  /** The base URI's own path (a proxy prefix) is kept; the connector name is percent-encoded. */
  private URI endpoint(String path) {
    String prefix = baseUri.getPath() == null ? "" : baseUri.getPath().replaceAll("/+$", "");
    try {
      return new URI(baseUri.getScheme(), baseUri.getAuthority(), prefix + path, null, null);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a URI path: " + prefix + path, e);
    }
  }

  @FunctionalInterface
  private interface Reader<T> {
    T read(String body) throws IOException;
  }
}
