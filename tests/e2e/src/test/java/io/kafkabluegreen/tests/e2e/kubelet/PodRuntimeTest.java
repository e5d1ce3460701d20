package io.kafkabluegreen.tests.e2e.kubelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PodRuntimeTest {

  @Test
  void imageKey_isTheRepositoryBasenameWithoutTagOrDigest() {
    assertThat(PodRuntime.imageKey("ghcr.io/acme/consumer-app:1.2")).isEqualTo("consumer-app");
    assertThat(PodRuntime.imageKey("consumer-app")).isEqualTo("consumer-app");
    assertThat(PodRuntime.imageKey("localhost:5000/consumer-app")).isEqualTo("consumer-app");
    assertThat(PodRuntime.imageKey("acme/analysis-provider@sha256:abc"))
        .isEqualTo("analysis-provider");
  }

  @Test
  void javaCommand_isTheImagesMainClass_unlessTheCommandRunsAnother() {
    assertThat(PodRuntime.javaCommand("app.Main", List.of())).containsExactly("app.Main");
    assertThat(
            PodRuntime.javaCommand(
                "app.Main",
                List.of(
                    "java", "-Xmx64m", "-cp", "@/app/jib-classpath-file", "app.SelfCheck", "x")))
        .containsExactly("app.SelfCheck", "x");
    assertThatThrownBy(() -> PodRuntime.javaCommand("app.Main", List.of("/bin/sh", "-c", "true")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void loopbackAddresses_areDistinct_andStayInsideTheirBlock() {
    LoopbackAddresses addresses = new LoopbackAddresses(77);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 600; i++) {
      String ip = addresses.allocate();
      assertThat(ip).startsWith("127.77.").doesNotEndWith(".0").doesNotEndWith(".255");
      assertThat(seen.add(ip)).as("unique " + ip).isTrue();
    }
  }
}
