package io.kafkabluegreen.tests.validate;

/** The half-open offset range {@code [from, to)} of one partition that a run is judged on. */
public record OffsetRange(long from, long to) {

  public OffsetRange {
    if (from < 0 || to < from) {
      throw new IllegalArgumentException("bad offset range [" + from + ", " + to + ")");
    }
  }

  public long size() {
    return to - from;
  }

  public boolean contains(long offset) {
    return offset >= from && offset < to;
  }
}
