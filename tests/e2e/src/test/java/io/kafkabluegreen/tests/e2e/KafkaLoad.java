package io.kafkabluegreen.tests.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkabluegreen.tests.kafka.KafkaBroker;
import io.kafkabluegreen.tests.load.LoadOptions;
import io.kafkabluegreen.tests.load.LoadProducer;
import io.kafkabluegreen.tests.validate.AuditValidator;
import io.kafkabluegreen.tests.validate.MembershipSampler;
import io.kafkabluegreen.tests.validate.MembershipStats;
import io.kafkabluegreen.tests.validate.ValidationResult;
import java.time.Duration;
import java.util.List;

/**
 * The Kafka side of one test: its source and audit topics on the shared broker, a load producer,
 * the group's membership sampled as a second witness of dual activity, and the audit's judgement.
 */
public final class KafkaLoad {

  private static final int PARTITIONS = 6;

  private final KafkaBroker broker;
  private final String topic;
  private final String auditTopic;
  private final String group;
  private LoadProducer load;
  private MembershipSampler sampler;
  private MembershipStats membership;

  private KafkaLoad(KafkaBroker broker, String topic, String auditTopic, String group) {
    this.broker = broker;
    this.topic = topic;
    this.auditTopic = auditTopic;
    this.group = group;
  }

  /** Creates {@code orders-<ns>} and {@code audit-<ns>}; the group is {@code orders-<ns>}. */
  public static KafkaLoad forNamespace(KafkaBroker broker, String namespace) {
    KafkaLoad kafka =
        new KafkaLoad(broker, "orders-" + namespace, "audit-" + namespace, "orders-" + namespace);
    broker.createTopic(kafka.topic, PARTITIONS);
    broker.createTopic(kafka.auditTopic, PARTITIONS);
    return kafka;
  }

  public String bootstrapServers() {
    return broker.bootstrapServers();
  }

  public String topic() {
    return topic;
  }

  public String auditTopic() {
    return auditTopic;
  }

  public String group() {
    return group;
  }

  /**
   * Starts producing to the source topic at {@code ratePerSecond}, and sampling the group's members
   * every 50 ms (a witness of dual activity independent of the audit), until {@link #stop}.
   */
  public void start(int ratePerSecond) {
    load = LoadProducer.start(broker.clientProperties(), LoadOptions.of(topic, ratePerSecond));
    sampler = MembershipSampler.start(broker.admin(), List.of(group), Duration.ofMillis(50));
  }

  public void stop() {
    if (load != null) {
      load.stop();
      load = null;
    }
    if (sampler != null) {
      membership = sampler.stop();
      sampler = null;
    }
  }

  /** What the membership sampler saw between {@link #start} and {@link #stop}. */
  public MembershipStats membership() {
    return membership;
  }

  /** What the audit says right now, about everything produced so far. */
  public ValidationResult audit() {
    return new AuditValidator(broker.clientProperties()).validate(List.of(topic), auditTopic);
  }

  /** Waits until every produced record is audited (or {@code timeout}), then judges. */
  public ValidationResult auditAllProcessed(Duration timeout) {
    return new AuditValidator(broker.clientProperties())
        .awaitAllProcessed(List.of(topic), auditTopic, timeout);
  }

  /**
   * Stops the load, waits until everything produced is processed, and judges the run: nothing lost,
   * nothing twice, never two colors at once (audit timeline and group membership).
   */
  public ValidationResult finish(String label, Duration timeout) {
    ValidationResult result = finishLossless(label, timeout);
    assertThat(result.dualActiveInstants()).as(result.summary()).isZero();
    return result;
  }

  /**
   * The judgement without the audit's per-partition spell rule, for a broken green: green may
   * process nothing at all on some partitions (every attempt fails and is retried), so blue's spell
   * on such a partition spans green's whole era, which the rule counts as overlap (its documented
   * false-alarm direction). The witnesses that remain exact: the global audit timeline changes
   * color only at the expected switches (colors never interleave in time) and the group never had
   * members of two colors.
   */
  public ValidationResult finishLossless(String label, Duration timeout) {
    stop();
    ValidationResult result = auditAllProcessed(timeout);
    System.out.println(label + ": " + result.summary());
    System.out.println(label + ": membership " + membership.summary());
    assertThat(result.lost()).as(result.summary()).isZero();
    assertThat(result.twice()).as(result.summary()).isZero();
    assertThat(membership.dualSamples()).as(membership.summary()).isZero();
    return result;
  }
}
