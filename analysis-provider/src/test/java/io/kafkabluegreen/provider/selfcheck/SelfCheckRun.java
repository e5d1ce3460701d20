package io.kafkabluegreen.provider.selfcheck;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** One run of {@link SelfCheck} in-process: its exit code and what it printed. */
record SelfCheckRun(int exit, String out) {

  static SelfCheckRun of(Map<String, String> env) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    int exit = SelfCheck.run(env, new PrintStream(buffer, true, StandardCharsets.UTF_8));
    return new SelfCheckRun(exit, buffer.toString(StandardCharsets.UTF_8));
  }

  List<String> lines() {
    return out.lines().toList();
  }
}
