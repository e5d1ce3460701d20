package io.kafkabluegreen.provider.lag;

import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.kafka.common.IsolationLevel;

/**
 * One lag question: which group, optionally restricted to some topics, at which isolation level.
 *
 * @param group the consumer group id
 * @param topics topics to report; empty means every topic the group has offsets for or is assigned
 * @param isolation {@code READ_UNCOMMITTED} measures to the high watermark, {@code READ_COMMITTED}
 *     to the last stable offset
 * @param uncommitted what a never-committed partition counts as
 * @param timeLag whether to read the age of the next unconsumed record (one read per lagging
 *     partition)
 * @param detail every partition in the answer, or only the totals
 */
public record LagQuery(
    String group,
    SortedSet<String> topics,
    IsolationLevel isolation,
    UncommittedPolicy uncommitted,
    boolean timeLag,
    LagDetail detail) {

  public LagQuery {
    topics = Collections.unmodifiableSortedSet(new TreeSet<>(topics));
  }

  /** A question whose answer lists every partition. */
  public LagQuery(
      String group,
      SortedSet<String> topics,
      IsolationLevel isolation,
      UncommittedPolicy uncommitted,
      boolean timeLag) {
    this(group, topics, isolation, uncommitted, timeLag, LagDetail.PARTITIONS);
  }

  /** The query the provider itself uses to sample a tracked group. */
  public static LagQuery sampleOf(String group, LagOptions options) {
    return new LagQuery(group, new TreeSet<>(), options.isolation(), options.uncommitted(), false);
  }

  /** Whether this query's answer can stand as a window sample of its group. */
  boolean isSampleFor(LagOptions options) {
    return topics.isEmpty()
        && isolation == options.isolation()
        && uncommitted == options.uncommitted();
  }
}
