package io.kafkabluegreen.tests.e2e.stub;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * What a test asks a {@link StubServer} pod about its own container (JDK classes only, so it runs
 * from the bare JRE image): {@code GET /file?path=} reads a file, {@code POST /write?path=} tries
 * to write one, {@code GET /api?path=} calls the API server the way an in-cluster client does (the
 * ServiceAccount token and CA from the token volume, the address from {@code
 * KUBERNETES_SERVICE_HOST/PORT}, TLS verified) and answers the API server's status code and body.
 */
public final class PodChecks {

  private static final String SERVICE_ACCOUNT = "/var/run/secrets/kubernetes.io/serviceaccount";

  private PodChecks() {}

  static void register(HttpServer server) {
    server.createContext("/file", exchange -> read(exchange));
    server.createContext("/write", exchange -> write(exchange));
    server.createContext("/api", exchange -> api(exchange));
  }

  private static void read(HttpExchange exchange) throws IOException {
    Path path = Path.of(param(exchange, "path"));
    try {
      reply(exchange, 200, Files.readString(path));
    } catch (IOException e) {
      reply(exchange, 404, e.toString());
    }
  }

  private static void write(HttpExchange exchange) throws IOException {
    Path path = Path.of(param(exchange, "path"));
    try {
      Files.writeString(path, "written by the pod");
      reply(exchange, 200, "written " + path);
    } catch (IOException e) {
      reply(exchange, 403, e.toString());
    }
  }

  private static void api(HttpExchange exchange) throws IOException {
    Map<String, String> env = System.getenv();
    String dir = SERVICE_ACCOUNT;
    String token = env.getOrDefault("KUBERNETES_AUTH_SERVICEACCOUNT_TOKEN", dir + "/token");
    String ca = env.getOrDefault("KUBERNETES_CERTS_CA_FILE", dir + "/ca.crt");
    URI uri =
        URI.create(
            "https://"
                + env.get("KUBERNETES_SERVICE_HOST")
                + ":"
                + env.get("KUBERNETES_SERVICE_PORT")
                + param(exchange, "path"));
    try {
      HttpClient client =
          HttpClient.newBuilder()
              .sslContext(trusting(Path.of(ca)))
              .connectTimeout(Duration.ofSeconds(5))
              .build();
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(uri)
                  .header("Authorization", "Bearer " + Files.readString(Path.of(token)).strip())
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      reply(exchange, 200, response.statusCode() + "\n" + response.body());
    } catch (Exception e) {
      reply(exchange, 502, e.toString());
    }
  }

  /** Trusts exactly the certificates in the PEM file, as client-go does with the token's ca.crt. */
  public static SSLContext trusting(Path pem) throws Exception {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    int i = 0;
    for (Certificate cert :
        CertificateFactory.getInstance("X.509")
            .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(pem)))) {
      store.setCertificateEntry("ca-" + i++, cert);
    }
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }

  private static String param(HttpExchange exchange, String name) {
    String query = exchange.getRequestURI().getRawQuery();
    if (query != null) {
      for (String pair : query.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0 && pair.substring(0, eq).equals(name)) {
          return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        }
      }
    }
    return "";
  }

  private static void reply(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }
}
