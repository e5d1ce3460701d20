package io.kafkabluegreen.provider;

import io.javalin.Javalin;
import io.kafkabluegreen.provider.config.ProviderConfig;
import io.kafkabluegreen.provider.http.HttpServer;
import io.kafkabluegreen.provider.http.OpenApiRoutes;
import io.kafkabluegreen.provider.http.Routes;
import io.kafkabluegreen.provider.lag.LagModule;
import io.kafkabluegreen.provider.metrics.ProviderMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Wires the provider's parts by hand (no DI framework) and owns their lifetime. {@link Main} builds
 * it from the environment; tests build it from a map.
 */
public final class ProviderApp implements AutoCloseable {

  private final Admin admin;
  private final Javalin http;
  private final LagModule lag;

  private ProviderApp(Admin admin, Javalin http, LagModule lag) {
    this.admin = admin;
    this.http = http;
    this.lag = lag;
  }

  public static ProviderApp start(ProviderConfig config) {
    ProviderMetrics metrics = new ProviderMetrics();
    Admin admin = Admin.create(adminProperties(config));
    LagModule lag =
        LagModule.start(
            config.lag(), admin, config.kafka(), config.kafkaTimeout(), metrics.registry());
    List<Routes> routes = new ArrayList<>();
    routes.add(new OpenApiRoutes());
    routes.add(lag.routes());
    Javalin http = HttpServer.create(metrics, lag.kafkaReady(), routes);
    http.start(config.bindAddress(), config.port());
    return new ProviderApp(admin, http, lag);
  }

  static Properties adminProperties(ProviderConfig config) {
    Properties p = new Properties();
    p.putAll(config.kafka());
    int timeout = (int) config.kafkaTimeout().toMillis();
    p.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Integer.toString(timeout));
    p.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Integer.toString(timeout));
    p.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "kafka-bluegreen-provider");
    // Kafka 4 describes a group with the new consumer-group API first and, for a classic group,
    // asks again with the classic API after retry.backoff.ms: 100 ms by default, which would be
    // most of every lag read. Later retries still back off exponentially to retry.backoff.max.ms.
    p.putIfAbsent(AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, "5");
    return p;
  }

  /** The bound HTTP port (useful when configured with port 0). */
  public int port() {
    return http.port();
  }

  @Override
  public void close() {
    http.stop();
    lag.close();
    admin.close(java.time.Duration.ofSeconds(2));
  }
}
