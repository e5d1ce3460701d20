package io.kafkabluegreen.provider.connect;

import java.net.URI;
import java.net.http.HttpClient;

/**
 * Hands out {@link ConnectClient}s for any worker, all on one {@link HttpClient}: the provider asks
 * workers on every handover step, watcher pass and revision request, and an HTTP client per call
 * would start a selector thread and a connection pool each time.
 */
public final class ConnectClients {

  private final ConnectClientOptions options;
  private final HttpClient http;

  public ConnectClients(ConnectClientOptions options) {
    this.options = options;
    this.http = ConnectExchange.httpClient(options);
  }

  /** A client for the worker at {@code baseUri}. */
  public ConnectClient at(URI baseUri) {
    return new ConnectClient(baseUri, options, http);
  }
}
