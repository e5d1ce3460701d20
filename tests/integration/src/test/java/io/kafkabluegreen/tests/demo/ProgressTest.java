package io.kafkabluegreen.tests.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkabluegreen.tests.validate.TimelineBucket;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTest {

  @Test
  void When_counts_grow_Then_the_timeline_holds_the_growth_by_hash() {
    AtomicLong blue = new AtomicLong(10); // a count already under way counts from here
    AtomicLong green = new AtomicLong();
    Map<String, AtomicLong> counts = Map.of("b", blue, "g", green);
    PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    Progress progress =
        new Progress(
            out,
            () -> 0,
            Map.of("b", "blue", "g", "green"),
            "",
            h -> counts.get(h).get(),
            () -> null);

    blue.addAndGet(7);
    green.addAndGet(5);
    progress.close();
    List<TimelineBucket> timeline = progress.timeline();

    // however many ticks fell in between, the growth adds up and nothing else appears
    assertThat(timeline).isNotEmpty();
    assertThat(timeline.stream().mapToLong(b -> b.byHash().getOrDefault("b", 0L)).sum())
        .isEqualTo(7);
    assertThat(timeline.stream().mapToLong(b -> b.byHash().getOrDefault("g", 0L)).sum())
        .isEqualTo(5);
    assertThat(timeline).allSatisfy(b -> assertThat(b.byHash().keySet()).isSubsetOf("b", "g"));
  }
}
