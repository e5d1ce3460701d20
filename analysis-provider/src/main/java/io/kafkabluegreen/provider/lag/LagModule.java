package io.kafkabluegreen.provider.lag;

import io.kafkabluegreen.provider.http.Routes;
import io.prometheus.client.CollectorRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;

/**
 * The lag feature wired together: reader, service, tracker with its sampler, metrics, routes and
 * the Kafka readiness check. Built once by {@code ProviderApp} on the provider's shared Admin
 * client, which it does not own.
 */
public final class LagModule implements AutoCloseable {

  private static final Duration MAX_PROBE = Duration.ofSeconds(2);

  private final LagRoutes routes;
  private final KafkaReadiness readiness;
  private final LagSampler sampler;
  private final TimeLagReader timeLag;

  private LagModule(
      LagRoutes routes, KafkaReadiness readiness, LagSampler sampler, TimeLagReader timeLag) {
    this.routes = routes;
    this.readiness = readiness;
    this.sampler = sampler;
    this.timeLag = timeLag;
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
    LagService service =
        new LagService(
            new LagReader(admin, clock),
            timeLag,
            tracker,
            options,
            kafkaTimeout,
            metrics,
            clock,
            readiness::answered);
    LagSampler sampler = new LagSampler(service, options.sampleInterval());
    return new LagModule(new LagRoutes(service, options), readiness, sampler, timeLag);
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
  }
}
