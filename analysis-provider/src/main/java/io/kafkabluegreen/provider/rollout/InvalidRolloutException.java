package io.kafkabluegreen.provider.rollout;

import io.kafkabluegreen.common.http.FieldError;
import java.util.List;

/** A Rollout whose kafka-bluegreen annotations cannot be used; every problem is listed. */
public final class InvalidRolloutException extends RuntimeException {

  private final transient List<FieldError> problems;

  public InvalidRolloutException(RolloutRef ref, List<FieldError> problems) {
    super("Rollout " + ref + " has invalid kafka-bluegreen annotations: " + describe(problems));
    this.problems = List.copyOf(problems);
  }

  public List<FieldError> problems() {
    return problems;
  }

  private static String describe(List<FieldError> problems) {
    return String.join("; ", problems.stream().map(p -> p.field() + " " + p.detail()).toList());
  }
}
