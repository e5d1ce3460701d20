package io.kafkabluegreen.tests.e2e.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildProcessTest {

  @TempDir Path dir;

  @Test
  void pidIsTheCommandsOwn_andStopDeliversSigterm() throws Exception {
    Path log = dir.resolve("trap.log");
    ChildProcess child =
        ChildProcess.start(
            "trap",
            List.of(
                "bash",
                "-c",
                "trap 'echo got-term; exit 7' TERM; echo up; while :; do sleep 0.1; done"),
            Map.of("PATH", System.getenv("PATH")),
            log);
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> Files.readString(log).contains("up"));

    assertThat(ProcessHandle.of(child.pid()).orElseThrow().info().command().orElse(""))
        .endsWith("bash");
    child.stop(Duration.ofSeconds(10));

    assertThat(child.isAlive()).isFalse();
    assertThat(child.onExit().get()).isEqualTo(7);
    assertThat(Files.readString(log)).contains("got-term");
  }

  @Test
  void environmentIsExactlyTheGivenOne() throws Exception {
    Path log = dir.resolve("env.log");
    ChildProcess child =
        ChildProcess.start("env", List.of("/usr/bin/env"), Map.of("ONLY", "this"), log);

    assertThat(child.onExit().get()).isZero();
    assertThat(Files.readAllLines(log))
        .contains("ONLY=this")
        .doesNotContain("HOME=" + System.getenv("HOME"));
  }
}
