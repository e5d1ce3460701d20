package io.kafkabluegreen.provider.lag;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The groups the provider has been asked about, each with its window of samples. Memory is bounded
 * three ways: at most {@code maxGroups} groups (the one asked about least recently goes first), at
 * most {@code maxSamples} samples per group and none older than the window, and a group nobody
 * asked about for {@code groupExpiry} is dropped. Samples are kept at least half a sample interval
 * apart, so that frequent requests do not crowd the window.
 */
final class LagTracker {

  private final LagOptions options;
  private final Clock clock;
  private final Map<String, Tracked> groups = new LinkedHashMap<>();

  private static final class Tracked {
    private Instant lastAsked;
    private final ArrayDeque<LagSample> samples = new ArrayDeque<>();
  }

  LagTracker(LagOptions options, Clock clock) {
    this.options = options;
    this.clock = clock;
  }

  /** Marks a group as asked about now, starting to track it if needed. */
  synchronized void touch(String group) {
    expire();
    Tracked tracked = groups.get(group);
    if (tracked == null) {
      if (groups.size() >= options.maxGroups()) {
        groups.entrySet().stream()
            .min(Comparator.comparing(e -> e.getValue().lastAsked))
            .map(Map.Entry::getKey)
            .ifPresent(groups::remove);
      }
      tracked = new Tracked();
      groups.put(group, tracked);
    }
    tracked.lastAsked = clock.instant();
  }

  /** Adds a whole-group report to the group's window, unless it is too close to the newest one. */
  synchronized boolean offer(LagReport report) {
    Tracked tracked = groups.get(report.group());
    if (tracked == null) {
      return false;
    }
    LagSample newest = tracked.samples.peekLast();
    if (newest != null && age(newest, report.readAt()).compareTo(minSpacing()) < 0) {
      return false;
    }
    tracked.samples.addLast(LagSample.of(report, newest));
    Instant horizon = report.readAt().minus(options.window());
    while (tracked.samples.size() > options.maxSamples()
        || tracked.samples.peekFirst().at.isBefore(horizon)) {
      tracked.samples.removeFirst();
    }
    return true;
  }

  /** Whether the group's newest sample is younger than one sample interval. */
  synchronized boolean hasFreshSample(String group) {
    Tracked tracked = groups.get(group);
    return tracked != null
        && !tracked.samples.isEmpty()
        && age(tracked.samples.peekLast(), clock.instant()).compareTo(options.sampleInterval()) < 0;
  }

  /** Tracked groups whose newest sample is old enough for a new one to be kept. */
  synchronized List<String> groupsDueForSample() {
    expire();
    Instant now = clock.instant();
    return groups.entrySet().stream()
        .filter(
            e ->
                e.getValue().samples.isEmpty()
                    || age(e.getValue().samples.peekLast(), now).compareTo(minSpacing()) >= 0)
        .map(Map.Entry::getKey)
        .toList();
  }

  /** The group's samples, oldest first; empty if it is not tracked. */
  synchronized List<LagSample> samples(String group) {
    Tracked tracked = groups.get(group);
    return tracked == null ? List.of() : List.copyOf(tracked.samples);
  }

  /** Every tracked group with at least one sample, and its samples. */
  synchronized Map<String, List<LagSample>> windows() {
    expire();
    Map<String, List<LagSample>> windows = new LinkedHashMap<>();
    groups.forEach(
        (group, tracked) -> {
          if (!tracked.samples.isEmpty()) {
            windows.put(group, List.copyOf(tracked.samples));
          }
        });
    return windows;
  }

  synchronized void forget(String group) {
    groups.remove(group);
  }

  synchronized int size() {
    return groups.size();
  }

  private void expire() {
    Instant cutoff = clock.instant().minus(options.groupExpiry());
    groups.values().removeIf(t -> t.lastAsked.isBefore(cutoff));
  }

  private Duration minSpacing() {
    return options.sampleInterval().dividedBy(2);
  }

  private static Duration age(LagSample sample, Instant now) {
    return Duration.between(sample.at, now);
  }
}
