package io.kafkabluegreen.provider.selfcheck;

/** The outcome of one check: printed as one line, {@code PASS name: detail} or {@code FAIL …}. */
public record CheckResult(String name, boolean passed, String detail) {

  static CheckResult pass(String name, String detail) {
    return new CheckResult(name, true, detail);
  }

  static CheckResult fail(String name, String detail) {
    return new CheckResult(name, false, detail);
  }

  public String line() {
    return (passed ? "PASS " : "FAIL ") + name + ": " + detail;
  }
}
