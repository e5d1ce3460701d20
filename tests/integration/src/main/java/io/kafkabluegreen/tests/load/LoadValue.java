package io.kafkabluegreen.tests.load;

/**
 * The value of a load record: a sequence number and the produce timestamp, as JSON, e.g. {@code
 * {"seq":41,"producedAt":1763769600123}}.
 */
public record LoadValue(long seq, long producedAt) {

  public String toJson() {
    return "{\"seq\":" + seq + ",\"producedAt\":" + producedAt + "}";
  }

  public static String key(long seq, int keySpace) {
    return "k-" + (seq % keySpace);
  }
}
