package io.kafkabluegreen.app;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javalin.Javalin;
import io.kafkabluegreen.app.audit.AuditWriter;
import io.kafkabluegreen.app.audit.TransactionalAudit;
import io.kafkabluegreen.app.failure.FailureInjector;
import io.kafkabluegreen.app.http.AppHttp;
import io.kafkabluegreen.app.metrics.AppMetrics;
import io.kafkabluegreen.lifecycle.ConsumerLifecycle;
import io.kafkabluegreen.lifecycle.ConsumerLifecycleBuilder;
import io.kafkabluegreen.lifecycle.LifecycleOptions;
import io.kafkabluegreen.lifecycle.RecordHandler;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Wires consumer-app by hand and owns the lifetime of its parts. {@link Main} builds it from the
 * environment; tests build it from a map and a mock Kubernetes client.
 */
public final class ConsumerApp implements AutoCloseable {

  private final ConsumerLifecycle<String, byte[]> lifecycle;
  private final AuditWriter audit;
  private final Javalin http;

  private ConsumerApp(
      ConsumerLifecycle<String, byte[]> lifecycle, AuditWriter audit, Javalin http) {
    this.lifecycle = lifecycle;
    this.audit = audit;
    this.http = http;
  }

  /**
   * Starts consuming (as the Lease allows) and serving HTTP; the caller owns {@code kubernetes}.
   */
  public static ConsumerApp start(AppConfig config, KubernetesClient kubernetes) {
    LifecycleOptions options = config.lifecycle();
    String clientId = "consumer-app-" + options.hash() + "-" + options.pod();
    KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            producerProperties(config, clientId),
            new StringSerializer(),
            new ByteArraySerializer());
    AuditWriter audit =
        config.transactional()
            ? new TransactionalAudit(
                producer, config.auditTopic(), options.hash(), options.pod(), Clock.systemUTC())
            : new AuditWriter(
                producer, config.auditTopic(), options.hash(), options.pod(), Clock.systemUTC());
    FailureInjector failures =
        new FailureInjector(
            config.failureMode(), config.failureRate(), config.latency(), config.crashAfter());

    // metrics read the state of a lifecycle that is built after them
    AtomicReference<ConsumerLifecycle<String, byte[]>> ref = new AtomicReference<>();
    AppMetrics metrics = new AppMetrics(options.hash(), () -> ref.get().state());
    ConsumerLifecycleBuilder<String, byte[]> builder =
        ConsumerLifecycle.<String, byte[]>builder()
            .options(options)
            .kafka(consumerProperties(config))
            .topics(config.topics())
            .group(config.group())
            .deserializers(new StringDeserializer(), new ByteArrayDeserializer())
            .kubernetes(kubernetes)
            .clientIdPrefix("consumer-app")
            .handler(handler(audit, failures, metrics));
    if (audit instanceof TransactionalAudit transactional) {
      builder.offsetCommitter(transactional);
    } else {
      builder.beforeCommit(offsets -> audit.flush());
    }
    ConsumerLifecycle<String, byte[]> lifecycle = builder.build();
    ref.set(lifecycle);

    Javalin http = AppHttp.create(lifecycle, metrics);
    http.start(config.bindAddress(), config.port());
    lifecycle.start();
    return new ConsumerApp(lifecycle, audit, http);
  }

  /**
   * consumer-app's work for one record: failure injection, one audit record, metrics. Public so
   * that a benchmark can run the very same work in a bare consumer loop.
   */
  public static RecordHandler<String, byte[]> handler(
      AuditWriter audit, FailureInjector failures, AppMetrics metrics) {
    return record -> {
      long start = System.nanoTime();
      try {
        failures.beforeRecord();
        audit.write(record);
      } catch (Exception e) {
        metrics.failed(start);
        throw e;
      }
      failures.afterRecord();
      metrics.processed(start);
    };
  }

  /** The consumer's properties before the library adds group.id, client.id, no auto-commit. */
  public static Map<String, Object> consumerProperties(AppConfig config) {
    Map<String, Object> p = new HashMap<>(config.kafka());
    p.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    if (!"consumer".equalsIgnoreCase(String.valueOf(p.get(ConsumerConfig.GROUP_PROTOCOL_CONFIG)))) {
      // With the classic protocol a member learns of a rebalance only on its next heartbeat; the
      // 3 s default would dominate a switch's activation step. (The consumer protocol's interval
      // is set by the broker and may not be set here.)
      p.putIfAbsent(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "500");
    }
    if (config.transactional()) {
      p.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    }
    return p;
  }

  /** The audit producer's properties: acks=all, idempotent, transactional in that mode. */
  public static Map<String, Object> producerProperties(AppConfig config, String clientId) {
    Map<String, Object> p = new HashMap<>(config.kafka());
    // consumer-only settings would only produce "unknown config" warnings on the producer
    p.keySet()
        .removeIf(
            k ->
                k.startsWith("group.")
                    || k.startsWith("auto.offset")
                    || k.startsWith("isolation.")
                    || k.startsWith("partition.assignment")
                    || k.startsWith("max.poll")
                    || k.startsWith("fetch.")
                    || k.startsWith("session.")
                    || k.startsWith("heartbeat."));
    p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId + "-audit");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "5");
    if (config.transactional()) {
      p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, clientId);
    }
    return p;
  }

  public ConsumerLifecycle<String, byte[]> lifecycle() {
    return lifecycle;
  }

  /** The bound HTTP port (useful with port 0). */
  public int port() {
    return http.port();
  }

  /** Readiness false, drain, close the consumer, then the audit producer, then HTTP. */
  @Override
  public void close() {
    lifecycle.close();
    audit.close();
    http.stop();
  }
}
