package io.kafkabluegreen.provider.handover;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The steps of docs/design.md §4, as reported in results, logs and the step histogram. */
public enum HandoverStep {
  READ,
  DRAIN,
  VERIFY,
  SYNC,
  FLIP,
  ACTIVATE,
  ROLLBACK,
  DONE;

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
