package io.kafkabluegreen.app.failure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FailureInjectorTest {

  @Test
  void When_mode_is_none_Then_nothing_fails() throws Exception {
    FailureInjector injector = new FailureInjector(FailureMode.NONE, 1.0, Duration.ZERO, 0);
    for (int i = 0; i < 100; i++) {
      injector.beforeRecord();
      injector.afterRecord();
    }
  }

  @Test
  void When_the_rate_is_one_Then_every_record_fails_and_zero_none() throws Exception {
    FailureInjector always = new FailureInjector(FailureMode.RATE, 1.0, Duration.ZERO, 0);
    assertThatThrownBy(always::beforeRecord)
        .isInstanceOf(FailureInjector.InjectedFailureException.class);
    FailureInjector never = new FailureInjector(FailureMode.RATE, 0.0, Duration.ZERO, 0);
    never.beforeRecord();
  }

  @Test
  void When_the_rate_is_a_share_Then_about_that_share_fails() {
    FailureInjector injector = new FailureInjector(FailureMode.RATE, 0.3, Duration.ZERO, 0);
    int failed = 0;
    for (int i = 0; i < 10_000; i++) {
      try {
        injector.beforeRecord();
      } catch (FailureInjector.InjectedFailureException | InterruptedException e) {
        failed++;
      }
    }
    assertThat(failed).isBetween(2500, 3500);
  }

  @Test
  void When_mode_is_crash_Then_the_crash_comes_with_record_n_plus_one() throws Exception {
    AtomicInteger crashes = new AtomicInteger();
    FailureInjector injector =
        new FailureInjector(FailureMode.CRASH, 0, Duration.ZERO, 3, crashes::incrementAndGet);
    for (int i = 0; i < 3; i++) {
      injector.beforeRecord();
      injector.afterRecord();
    }
    assertThat(crashes).hasValue(0);
    injector.beforeRecord();
    assertThat(crashes).hasValue(1);
  }
}
