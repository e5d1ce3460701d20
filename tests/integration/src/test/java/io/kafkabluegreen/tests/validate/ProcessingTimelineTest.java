package io.kafkabluegreen.tests.validate;

import static io.kafkabluegreen.tests.validate.SyntheticAudit.BLUE;
import static io.kafkabluegreen.tests.validate.SyntheticAudit.GREEN;
import static io.kafkabluegreen.tests.validate.SyntheticAudit.record;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessingTimelineTest {

  @Test
  void When_records_span_seconds_Then_one_bucket_per_second_including_empty_ones() {
    List<AuditRecord> records =
        List.of(
            record(0, 0, BLUE, 5_000),
            record(0, 1, BLUE, 5_999),
            record(0, 2, GREEN, 7_001),
            record(1, 0, GREEN, 7_500));

    List<TimelineBucket> timeline = ProcessingTimeline.perSecond(records);

    assertThat(timeline)
        .containsExactly(
            new TimelineBucket(5, Map.of(BLUE, 2L)),
            new TimelineBucket(6, Map.of()),
            new TimelineBucket(7, Map.of(GREEN, 2L)));
  }

  @Test
  void When_two_hashes_share_the_switch_millisecond_Then_one_transition_not_three() {
    List<AuditRecord> records =
        List.of(
            record(0, 0, GREEN, 1_000),
            record(0, 1, GREEN, 1_005),
            record(1, 0, BLUE, 1_005),
            record(1, 1, GREEN, 1_005),
            record(1, 2, BLUE, 1_010));

    List<Transition> transitions = ProcessingTimeline.transitions(records);

    assertThat(transitions).extracting(Transition::to).containsExactly(BLUE);
  }

  @Test
  void When_no_records_Then_empty_timeline() {
    assertThat(ProcessingTimeline.perSecond(List.of())).isEmpty();
    assertThat(ProcessingTimeline.transitions(List.of())).isEmpty();
  }
}
