package io.kafkabluegreen.tests.connect;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How often each produced value appears in the union of the sink files. Load values ({@code
 * {"seq":N,...}}) count by sequence number, any other line (a burst's {@code burst-<id>-<i>}) by
 * its text; every produced value is unique, so a count of 2 is a record written twice.
 */
public final class SinkTally {

  private static final Pattern SEQ = Pattern.compile("^\\{\"seq\":(\\d+),");

  private final Map<Long, Integer> seqs = new HashMap<>();
  private final Map<String, Integer> others = new HashMap<>();

  SinkTally(List<String> lines) {
    for (String line : lines) {
      Matcher m = SEQ.matcher(line);
      if (m.find()) {
        seqs.merge(Long.parseLong(m.group(1)), 1, Integer::sum);
      } else if (!line.isEmpty()) {
        others.merge(line, 1, Integer::sum);
      }
    }
  }

  /** Load sequence numbers in [from, to) that no file holds. */
  public long missing(long from, long to) {
    long missing = 0;
    for (long s = from; s < to; s++) {
      missing += seqs.containsKey(s) ? 0 : 1;
    }
    return missing;
  }

  /** Load sequence numbers in [from, to) written more than once. */
  public long duplicates(long from, long to) {
    long twice = 0;
    for (long s = from; s < to; s++) {
      twice += seqs.getOrDefault(s, 0) > 1 ? 1 : 0;
    }
    return twice;
  }

  /** Values of burst {@code id} (sent as {@code burst-<id>-<i>}, i < count) no file holds. */
  public long burstMissing(String id, int count) {
    long missing = 0;
    for (int i = 0; i < count; i++) {
      missing += others.containsKey(BurstProducer.value(id, i)) ? 0 : 1;
    }
    return missing;
  }

  /** Values of burst {@code id} written more than once. */
  public long burstDuplicates(String id, int count) {
    long twice = 0;
    for (int i = 0; i < count; i++) {
      twice += others.getOrDefault(BurstProducer.value(id, i), 0) > 1 ? 1 : 0;
    }
    return twice;
  }

  /** Lines in total. */
  public long lines() {
    return seqs.values().stream().mapToLong(Integer::longValue).sum()
        + others.values().stream().mapToLong(Integer::longValue).sum();
  }
}
