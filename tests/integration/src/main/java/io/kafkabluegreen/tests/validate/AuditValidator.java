package io.kafkabluegreen.tests.validate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.common.TopicPartition;

/**
 * Judges a run from Kafka alone: the source topics' offsets say what was produced, the audit topic
 * (one record per processed record, written by consumer-app) says what was processed, by whom and
 * when. It counts records lost and processed twice, finds dual-active instants ({@link
 * DualActiveDetector}) and builds the timeline.
 *
 * <p>The offsets of the source topics must be contiguous (no transactional producer writes there),
 * which holds for the {@code LoadProducer}.
 */
public final class AuditValidator {

  private static final int SAMPLE_LIMIT = 20;

  private final AuditTopicReader reader;

  public AuditValidator(Properties clientProperties) {
    this.reader = new AuditTopicReader(clientProperties);
  }

  /** Judges every record from the log start to the current end of {@code sourceTopics}. */
  public ValidationResult validate(Collection<String> sourceTopics, String auditTopic) {
    return validate(reader.wholeTopics(sourceTopics), auditTopic);
  }

  /** Judges the records of {@code window}. */
  public ValidationResult validate(Map<TopicPartition, OffsetRange> window, String auditTopic) {
    return analyze(window, reader.readAll(auditTopic));
  }

  /**
   * Waits until every record of {@code sourceTopics} (as they are when called) has been audited, or
   * until {@code timeout}, then judges. Call it after stopping the producer.
   */
  public ValidationResult awaitAllProcessed(
      Collection<String> sourceTopics, String auditTopic, Duration timeout) {
    return awaitAllProcessed(reader.wholeTopics(sourceTopics), auditTopic, timeout);
  }

  /** Waits until every record of {@code window} has been audited, or the timeout, then judges. */
  public ValidationResult awaitAllProcessed(
      Map<TopicPartition, OffsetRange> window, String auditTopic, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    ValidationResult result = validate(window, auditTopic);
    while (result.lost() > 0 && System.nanoTime() < deadline) {
      LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
      result = validate(window, auditTopic);
    }
    return result;
  }

  /**
   * The window from the end offsets {@code since} (taken earlier with {@link #window}) to the end
   * offsets now: the records produced in between.
   */
  public Map<TopicPartition, OffsetRange> windowSince(Map<TopicPartition, OffsetRange> since) {
    Set<String> topics = new TreeSet<>();
    since.keySet().forEach(tp -> topics.add(tp.topic()));
    Map<TopicPartition, OffsetRange> now = reader.wholeTopics(topics);
    Map<TopicPartition, OffsetRange> window = new HashMap<>();
    now.forEach(
        (tp, range) -> {
          OffsetRange before = since.get(tp);
          long from = before == null ? range.from() : Math.max(range.from(), before.to());
          window.put(tp, new OffsetRange(from, Math.max(from, range.to())));
        });
    return window;
  }

  /** The source window of {@code topics}: {@code [log start, end)} of every partition. */
  public Map<TopicPartition, OffsetRange> window(Collection<String> topics) {
    return reader.wholeTopics(topics);
  }

  /** The judgement itself, on records already read: pure, so unit tests feed it synthetic data. */
  public static ValidationResult analyze(
      Map<TopicPartition, OffsetRange> window, List<AuditRecord> audits) {
    List<AuditRecord> inWindow = new ArrayList<>();
    Map<TopicPartition, Map<Long, List<String>>> hashesBySource = new HashMap<>();
    long malformed = 0;
    for (AuditRecord r : audits) {
      if (r == null) {
        malformed++;
        continue;
      }
      OffsetRange range = window.get(r.topicPartition());
      if (range != null && range.contains(r.offset())) {
        inWindow.add(r);
        hashesBySource
            .computeIfAbsent(r.topicPartition(), tp -> new HashMap<>())
            .computeIfAbsent(r.offset(), o -> new ArrayList<>(1))
            .add(r.hash());
      }
    }
    long produced = window.values().stream().mapToLong(OffsetRange::size).sum();
    long processed = 0;
    List<String> lostSamples = new ArrayList<>();
    long twice = 0;
    Map<String, Long> twiceByHashes = new TreeMap<>();
    List<String> twiceSamples = new ArrayList<>();
    for (Map.Entry<TopicPartition, OffsetRange> entry : sortedWindow(window)) {
      Map<Long, List<String>> seen = hashesBySource.getOrDefault(entry.getKey(), Map.of());
      for (long offset = entry.getValue().from(); offset < entry.getValue().to(); offset++) {
        List<String> hashes = seen.get(offset);
        if (hashes == null) {
          addSample(lostSamples, entry.getKey() + "@" + offset);
          continue;
        }
        processed++;
        if (hashes.size() > 1) {
          twice++;
          List<String> sorted = hashes.stream().sorted().toList();
          twiceByHashes.merge(String.join("+", sorted), 1L, Long::sum);
          addSample(twiceSamples, entry.getKey() + "@" + offset + " by " + hashes);
        }
      }
    }
    DualActiveDetector.Result dual = DualActiveDetector.detect(inWindow);
    return new ValidationResult(
        produced,
        processed,
        produced - processed,
        lostSamples,
        twice,
        twiceByHashes,
        twiceSamples,
        dual.instants(),
        dual.samples(),
        ProcessingTimeline.transitions(inWindow),
        ProcessingTimeline.perSecond(inWindow),
        audits.size(),
        malformed);
  }

  private static List<Map.Entry<TopicPartition, OffsetRange>> sortedWindow(
      Map<TopicPartition, OffsetRange> window) {
    TreeMap<String, Map.Entry<TopicPartition, OffsetRange>> sorted = new TreeMap<>();
    window.entrySet().forEach(e -> sorted.put(e.getKey().toString(), e));
    return new ArrayList<>(sorted.values());
  }

  private static void addSample(List<String> samples, String sample) {
    if (samples.size() < SAMPLE_LIMIT) {
      samples.add(sample);
    }
  }
}
