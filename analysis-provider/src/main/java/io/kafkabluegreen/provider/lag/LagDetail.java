package io.kafkabluegreen.provider.lag;

import java.util.Locale;

/**
 * How much of a lag answer to send ({@code detail=} of {@code GET /v1/lag}): every partition (the
 * default, unchanged for existing callers), or only the totals per group and topic, which is all
 * that a web metric such as Argo's {@code {$.totalLag}} reads, without the per-partition body
 * (about 74 bytes a partition: 740 KB for 10,000).
 */
public enum LagDetail {
  PARTITIONS,
  TOTALS;

  /** The query-parameter spelling. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
