package io.kafkabluegreen.provider.lag;

import io.kafkabluegreen.provider.http.Routes;
import io.prometheus.client.CollectorRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The lag feature wired together: reader, service, tracker with its sampler, metrics, routes and
 * the Kafka readiness check. Built once by {@code ProviderApp} on the provider's shared Admin
 * client, which it does not own; the two clients of the offset lookups are its own.
 */
public final class LagModule implements AutoCloseable {

  private static final Duration MAX_PROBE = Duration.ofSeconds(2);

  private final LagRoutes routes;
  private final KafkaReadiness readiness;
  private final LagSampler sampler;
  private final TimeLagReader timeLag;
  private final List<Admin> ownAdmins;

  private LagModule(
      LagRoutes routes,
      KafkaReadiness readiness,
      LagSampler sampler,
      TimeLagReader timeLag,
      List<Admin> ownAdmins) {
    this.routes = routes;
    this.readiness = readiness;
    this.sampler = sampler;
    this.timeLag = timeLag;
    this.ownAdmins = ownAdmins;
  }

  /**
   * @param kafka client properties (security settings etc.) for the time-lag consumer
   * @param kafkaTimeout the bound of one request's Kafka calls
   */
  public static LagModule start(
      LagOptions options,
      Admin admin,
      Map<String, String> kafka,
      Duration kafkaTimeout,
      CollectorRegistry registry) {
    Clock clock = Clock.systemUTC();
    Duration probe = kafkaTimeout.compareTo(MAX_PROBE) < 0 ? kafkaTimeout : MAX_PROBE;
    KafkaReadiness readiness = new KafkaReadiness(admin, probe, clock);
    LagTracker tracker = new LagTracker(options, clock);
    LagMetrics metrics = new LagMetrics(tracker, options, clock, registry);
    TimeLagReader timeLag = new TimeLagReader(kafka, kafkaTimeout);
    Admin endAdmin = Admin.create(offsetAdminProperties(kafka, kafkaTimeout, "end"));
    Admin startAdmin = Admin.create(offsetAdminProperties(kafka, kafkaTimeout, "start"));
    PartitionCounts counts = new PartitionCounts(System::nanoTime, PartitionCounts.MAX_AGE);
    LagService service =
        new LagService(
            new LagReader(admin, endAdmin, startAdmin, clock, counts),
            timeLag,
            tracker,
            options,
            kafkaTimeout,
            metrics,
            clock,
            readiness::answered);
    LagSampler sampler = new LagSampler(service, options.sampleInterval());
    return new LagModule(
        new LagRoutes(service, options),
        readiness,
        sampler,
        timeLag,
        List.of(endAdmin, startAdmin));
  }

  /**
   * A client of the lag feature's own for one kind of offset lookup (see {@link LogOffsetLookup}):
   * the provider's Kafka settings, its timeout, and the short retry back-off of the shared client.
   */
  private static Properties offsetAdminProperties(
      Map<String, String> kafka, Duration timeout, String lookup) {
    Properties p = new Properties();
    p.putAll(kafka);
    String millis = Long.toString(timeout.toMillis());
    p.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
    p.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
    p.putIfAbsent(AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, "5");
    p.put(AdminClientConfig.CLIENT_ID_CONFIG, "kafka-bluegreen-provider-lag-" + lookup);
    return p;
  }

  public Routes routes() {
    return routes;
  }

  /** True only when Kafka answers; for {@code /readyz}. */
  public BooleanSupplier kafkaReady() {
    return readiness;
  }

  @Override
  public void close() {
    sampler.close();
    timeLag.close();
    ownAdmins.forEach(a -> a.close(Duration.ofSeconds(1)));
  }
}
