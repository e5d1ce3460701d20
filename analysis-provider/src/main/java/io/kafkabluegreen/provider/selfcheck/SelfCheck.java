package io.kafkabluegreen.provider.selfcheck;

import io.kafkabluegreen.common.config.ConfigException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * The chart's {@code helm test}: run from the provider's own image with another main class, it
 * calls the provider's Service as Argo's analyses do and prints one line per check. Exit status 0
 * when every check passed, 1 when one failed, 2 when the configuration is wrong.
 */
public final class SelfCheck {

  private SelfCheck() {}

  public static void main(String[] args) {
    System.exit(run(System.getenv(), System.out));
  }

  /** The whole run without {@code System.exit}, for tests. */
  static int run(Map<String, String> env, PrintStream out) {
    SelfCheckOptions options;
    try {
      options = SelfCheckOptions.fromEnv(env);
    } catch (ConfigException e) {
      out.println("FAIL config: " + e.getMessage());
      return 2;
    }
    out.println("self-check of " + options.providerUrl() + " (" + oneLine(options) + ")");
    List<CheckResult> results = new SelfCheckService(options).run();
    results.forEach(r -> out.println(r.line()));
    return results.stream().allMatch(CheckResult::passed) ? 0 : 1;
  }

  private static String oneLine(SelfCheckOptions options) {
    return options.description().replace('\n', ' ');
  }
}
