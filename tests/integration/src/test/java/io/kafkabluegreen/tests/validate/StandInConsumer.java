package io.kafkabluegreen.tests.validate;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A minimal stand-in for consumer-app, to test the validation tools on real Kafka on their own:
 * same client.id convention, one audit record per processed record, acknowledged before the offset
 * is committed; {@link #stop()} commits what was processed and leaves the group.
 */
final class StandInConsumer implements AutoCloseable {

  private final String hash;
  private final String auditTopic;
  private final KafkaConsumer<String, String> consumer;
  private final KafkaProducer<String, String> audit;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final java.util.concurrent.atomic.AtomicLong committed =
      new java.util.concurrent.atomic.AtomicLong();
  private final Thread thread;

  StandInConsumer(Properties client, String group, String topic, String auditTopic, String hash) {
    this.hash = hash;
    this.auditTopic = auditTopic;
    Properties c = new Properties();
    c.putAll(client);
    c.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    c.put(ConsumerConfig.CLIENT_ID_CONFIG, "consumer-app-" + hash + "-pod0");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    this.consumer = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer());
    Properties p = new Properties();
    p.putAll(client);
    this.audit = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    consumer.subscribe(List.of(topic));
    this.thread = new Thread(this::run, "stand-in-" + hash);
    thread.start();
  }

  private void run() {
    while (running.get()) {
      Map<TopicPartition, OffsetAndMetadata> processed = new HashMap<>();
      for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(50))) {
        AuditRecord a =
            new AuditRecord(
                r.topic(),
                r.partition(),
                r.offset(),
                r.key(),
                hash,
                "pod0",
                System.currentTimeMillis());
        audit.send(new ProducerRecord<>(auditTopic, a.sourceId(), a.toJson()));
        processed.put(
            new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
      }
      if (!processed.isEmpty()) {
        audit.flush();
        consumer.commitSync(processed);
        committed.addAndGet(processed.size());
      }
    }
    consumer.close();
    audit.close();
  }

  /** Commits made so far (one per partition per poll that processed something). */
  long commits() {
    return committed.get();
  }

  /** Commits, leaves the group, returns when gone. */
  void stop() throws InterruptedException {
    running.set(false);
    thread.join(30_000);
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
