package io.kafkabluegreen.tests.bench;

import io.kafkabluegreen.tests.report.SwitchTiming;
import io.kafkabluegreen.tests.validate.MembershipStats;
import io.kafkabluegreen.tests.validate.ValidationResult;
import java.util.ArrayList;
import java.util.List;

/** Percentiles of one benchmark configuration, as one line of the final table. */
final class SwitchStats {

  private SwitchStats() {}

  static String header() {
    return String.format(
        "%-24s %-22s %-22s %-22s %-22s %s",
        "config",
        "POST ms p50/p99/max",
        "provider ms p50/p99",
        "req->first ms p50/p99",
        "gap ms p50/p99/max",
        "failed lost twice dual");
  }

  static String line(
      String config,
      List<long[]> requests,
      List<SwitchTiming> timings,
      ValidationResult validation,
      MembershipStats membership,
      int failures) {
    List<Long> post = new ArrayList<>();
    List<Long> provider = new ArrayList<>();
    requests.forEach(
        r -> {
          post.add(r[1]);
          provider.add(r[2]);
        });
    List<Long> firstRecord = new ArrayList<>();
    List<Long> gaps = new ArrayList<>();
    timings.stream()
        .filter(SwitchTiming::completed)
        .forEach(
            t -> {
              firstRecord.add(t.millis());
              gaps.add(t.gapMillis());
            });
    return String.format(
        "%-24s %-22s %-22s %-22s %-22s %d %d %d %d",
        config,
        p(post, 50) + "/" + p(post, 99) + "/" + p(post, 100),
        p(provider, 50) + "/" + p(provider, 99),
        p(firstRecord, 50) + "/" + p(firstRecord, 99),
        p(gaps, 50) + "/" + p(gaps, 99) + "/" + p(gaps, 100),
        failures + (timings.size() - firstRecord.size()),
        validation.lost(),
        validation.twice(),
        validation.dualActiveInstants() + membership.dualSamples());
  }

  static String stepsHeader(List<String> steps) {
    StringBuilder line = new StringBuilder(String.format("%-24s", "config"));
    steps.forEach(step -> line.append(String.format(" %-22s", step)));
    return line.toString();
  }

  static String steps(String config, java.util.Map<String, List<Long>> steps) {
    StringBuilder line = new StringBuilder(String.format("%-24s", config));
    steps.forEach(
        (step, values) ->
            line.append(
                String.format(
                    " %-22s",
                    p(values, 50)
                        + "/"
                        + p(values, 90)
                        + "/"
                        + p(values, 99)
                        + "/"
                        + p(values, 100))));
    return line.toString();
  }

  /** Nearest-rank percentile; -1 for no data. */
  static long p(List<Long> values, int percentile) {
    if (values.isEmpty()) {
      return -1;
    }
    List<Long> sorted = values.stream().sorted().toList();
    int rank = (int) Math.ceil(percentile / 100.0 * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }
}
