package io.kafkabluegreen.provider.lag;

import java.util.Locale;

/**
 * What a partition without a committed offset counts as: the group would start at the earliest
 * offset still readable ({@code EARLIEST}, so its lag is {@code end − logStart}), or at the end
 * ({@code LATEST}, lag 0), matching the consumers' {@code auto.offset.reset}.
 */
public enum UncommittedPolicy {
  EARLIEST,
  LATEST;

  /** The query-parameter and JSON spelling. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
