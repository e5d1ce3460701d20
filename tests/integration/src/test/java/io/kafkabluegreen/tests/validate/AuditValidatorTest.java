package io.kafkabluegreen.tests.validate;

import static io.kafkabluegreen.tests.validate.SyntheticAudit.BLUE;
import static io.kafkabluegreen.tests.validate.SyntheticAudit.GREEN;
import static io.kafkabluegreen.tests.validate.SyntheticAudit.record;
import static io.kafkabluegreen.tests.validate.SyntheticAudit.run;
import static io.kafkabluegreen.tests.validate.SyntheticAudit.switchAndRollback;
import static io.kafkabluegreen.tests.validate.SyntheticAudit.switchAt;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AuditValidatorTest {

  /** Partitions × records: 4 × 100, nominal times 10,000 .. 10,993 ms; the switch at 10,500. */
  private static final int PARTITIONS = 4;

  private static final int PER_PARTITION = 100;

  /**
   * name, audit data, expected lost, twice, twice across revisions, dual-active > 0, transitions
   */
  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(
            "When_clean_switch_Then_nothing_flagged",
            run(PARTITIONS, PER_PARTITION, switchAt(10_500, 80)),
            0L,
            0L,
            0L,
            false,
            1),
        Arguments.of(
            "When_clean_switch_and_rollback_Then_nothing_flagged",
            run(PARTITIONS, PER_PARTITION, switchAndRollback(10_300, 10_700, 80)),
            0L,
            0L,
            0L,
            false,
            2),
        Arguments.of(
            "When_one_record_never_audited_Then_one_lost",
            run(PARTITIONS, PER_PARTITION, dropping(switchAt(10_500, 80), 2, 37)),
            1L,
            0L,
            0L,
            false,
            1),
        Arguments.of(
            "When_green_reprocesses_a_record_blue_processed_Then_twice_across_revisions",
            run(PARTITIONS, PER_PARTITION, switchAt(10_500, 80)).add(record(1, 49, GREEN, 10_600)),
            0L,
            1L,
            1L,
            false,
            1),
        Arguments.of(
            "When_blue_redelivers_to_itself_Then_twice_within_one_revision",
            run(PARTITIONS, PER_PARTITION, switchAt(10_500, 80)).add(record(0, 3, BLUE, 10_040)),
            0L,
            1L,
            0L,
            false,
            1),
        Arguments.of(
            "When_green_starts_on_one_partition_while_blue_still_runs_the_others_Then_dual_active",
            run(PARTITIONS, PER_PARTITION, partitionSwitchesEarly(3, 10_300, switchAt(10_500, 80))),
            0L,
            0L,
            0L,
            true,
            -1),
        Arguments.of(
            "When_new_revision_is_stuck_on_one_partition_and_rolled_back_Then_not_dual_active",
            run(PARTITIONS, PER_PARTITION, stuckNewRevision(10_300, 10_400, 3_000)),
            0L,
            0L,
            0L,
            false,
            2),
        Arguments.of(
            "When_new_revision_is_stuck_for_half_a_second_and_rolled_back_Then_not_dual_active",
            run(PARTITIONS, PER_PARTITION, stuckNewRevision(10_300, 10_330, 500)),
            0L,
            0L,
            0L,
            false,
            2),
        Arguments.of(
            "When_both_revisions_process_in_the_same_millisecond_Then_dual_active",
            run(PARTITIONS, PER_PARTITION, switchAt(10_500, 0))
                .map(records -> sameMillisecondHandover(records)),
            0L,
            0L,
            0L,
            true,
            -1));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void judgesSyntheticRun(
      String name,
      SyntheticAudit audit,
      long lost,
      long twice,
      long twiceAcross,
      boolean dualActive,
      int transitions) {
    ValidationResult result = audit.analyze();

    assertThat(result.produced()).isEqualTo(PARTITIONS * PER_PARTITION);
    assertThat(result.lost()).as(result.summary()).isEqualTo(lost);
    assertThat(result.twice()).as(result.summary()).isEqualTo(twice);
    assertThat(result.twiceAcrossRevisions()).isEqualTo(twiceAcross);
    assertThat(result.dualActiveInstants() > 0).as(result.summary()).isEqualTo(dualActive);
    assertThat(result.dualActiveSamples().isEmpty()).isEqualTo(!dualActive);
    if (transitions >= 0) {
      assertThat(result.transitions()).hasSize(transitions);
    }
    assertThat(result.clean()).isEqualTo(lost == 0 && twice == 0 && !dualActive);
  }

  @Test
  void When_stuck_revision_Then_only_the_idle_cut_keeps_the_old_one_from_owning_its_outage() {
    List<AuditRecord> records =
        run(PARTITIONS, PER_PARTITION, stuckNewRevision(10_300, 10_400, 3_000)).records();

    assertThat(DualActiveDetector.detect(records).instants()).isZero();
    assertThat(DualActiveDetector.detect(records, java.time.Duration.ofDays(1)).instants())
        .isPositive();
    // a short outage needs a cut that follows the partition's rhythm: a fixed second is too long
    List<AuditRecord> shortOutage =
        run(PARTITIONS, PER_PARTITION, stuckNewRevision(10_300, 10_330, 500)).records();
    assertThat(DualActiveDetector.detect(shortOutage).instants()).isZero();
    assertThat(DualActiveDetector.detect(shortOutage, java.time.Duration.ofSeconds(1)).instants())
        .isPositive();
  }

  @Test
  void When_record_lost_Then_sample_names_partition_and_offset() {
    ValidationResult result =
        run(PARTITIONS, PER_PARTITION, dropping(switchAt(10_500, 80), 2, 37)).analyze();

    assertThat(result.lostSamples()).containsExactly("orders-2@37");
    assertThat(result.processed()).isEqualTo(PARTITIONS * PER_PARTITION - 1);
  }

  @Test
  void When_duplicate_Then_reported_by_hash_pair() {
    ValidationResult result =
        run(PARTITIONS, PER_PARTITION, switchAt(10_500, 80))
            .add(record(1, 49, GREEN, 10_600))
            .analyze();

    assertThat(result.twiceByHashes()).isEqualTo(Map.of(BLUE + "+" + GREEN, 1L));
    assertThat(result.twiceSamples()).singleElement().asString().startsWith("orders-1@49");
  }

  @Test
  void When_clean_switch_Then_transition_carries_the_gap() {
    ValidationResult result = run(PARTITIONS, PER_PARTITION, switchAt(10_500, 80)).analyze();

    Transition t = result.transitions().get(0);
    assertThat(t.from()).isEqualTo(BLUE);
    assertThat(t.to()).isEqualTo(GREEN);
    // last blue: offset 49 of partition 3 at 10,493; first green: offset 50 of partition 0 at
    // 10,500 + 80
    assertThat(t.gapMillis()).isEqualTo(87);
  }

  @Test
  void When_records_outside_window_Then_ignored() {
    SyntheticAudit audit = run(PARTITIONS, PER_PARTITION, switchAt(10_500, 80));
    Map<TopicPartition, OffsetRange> window = new java.util.HashMap<>(audit.window());
    window.put(new TopicPartition("orders", 0), new OffsetRange(50, 100));
    List<AuditRecord> records = new ArrayList<>(audit.records());
    records.add(record(0, 10, GREEN, 10_900)); // a duplicate, but before the window

    ValidationResult result = AuditValidator.analyze(window, records);

    assertThat(result.produced()).isEqualTo(3 * PER_PARTITION + 50);
    assertThat(result.twice()).isZero();
    assertThat(result.lost()).isZero();
    assertThat(result.auditRecords()).isEqualTo(records.size());
  }

  @Test
  void When_audit_value_malformed_Then_counted_not_fatal() {
    List<AuditRecord> records = new ArrayList<>(run(1, 3, switchAt(20_000, 0)).records());
    records.add(AuditRecord.parse("not json").orElse(null));

    ValidationResult result =
        AuditValidator.analyze(run(1, 3, switchAt(20_000, 0)).window(), records);

    assertThat(result.malformed()).isEqualTo(1);
    assertThat(result.lost()).isZero();
  }

  @Test
  void When_audit_json_as_consumer_app_writes_it_Then_parsed() {
    String json =
        "{\"topic\":\"orders\",\"partition\":3,\"offset\":1041,\"key\":\"k-1041\","
            + "\"hash\":\"6d5f7c9b8\",\"pod\":\"consumer-app-6d5f7c9b8-abcde\","
            + "\"processedAt\":1763769600123,\"extra\":true}";

    AuditRecord r = AuditRecord.parse(json).orElseThrow();

    assertThat(r.sourceId()).isEqualTo("orders-3@1041");
    assertThat(r.hash()).isEqualTo("6d5f7c9b8");
    assertThat(r.processedAt()).isEqualTo(1763769600123L);
    assertThat(AuditRecord.parse(r.toJson())).contains(r);
  }

  private static SyntheticAudit.Era dropping(SyntheticAudit.Era era, int partition, long offset) {
    return (p, o, t) -> p == partition && o == offset ? null : era.audit(p, o, t);
  }

  /** Partition {@code early} moves to green at {@code at}, the others follow {@code era}. */
  private static SyntheticAudit.Era partitionSwitchesEarly(
      int early, long at, SyntheticAudit.Era era) {
    return (p, o, t) -> p == early && t >= at ? record(p, o, GREEN, t) : era.audit(p, o, t);
  }

  /**
   * Green takes over at {@code switchAt} but gets stuck: it processes only partition 0, up to
   * {@code stuckAt}; everything else waits until the rollback {@code outage} ms later, when blue
   * takes over again from where each partition was left. Blue's record streams on partitions 1..3
   * thus pause for the whole outage — that must not count as blue owning them meanwhile.
   */
  private static SyntheticAudit.Era stuckNewRevision(long switchAt, long stuckAt, long outage) {
    return (p, o, t) -> {
      if (t < switchAt) {
        return record(p, o, BLUE, t);
      }
      if (p == 0 && t < stuckAt) {
        return record(p, o, GREEN, t + 50);
      }
      return record(p, o, BLUE, t + outage);
    };
  }

  /** Moves the first green record onto the millisecond of the last blue one. */
  private static List<AuditRecord> sameMillisecondHandover(List<AuditRecord> records) {
    long lastBlue =
        records.stream()
            .filter(r -> r.hash().equals(BLUE))
            .mapToLong(AuditRecord::processedAt)
            .max()
            .orElseThrow();
    AuditRecord firstGreen =
        records.stream()
            .filter(r -> r.hash().equals(GREEN))
            .min(java.util.Comparator.comparingLong(AuditRecord::processedAt))
            .orElseThrow();
    List<AuditRecord> changed = new ArrayList<>(records);
    changed.remove(firstGreen);
    changed.add(record(firstGreen.partition(), firstGreen.offset(), GREEN, lastBlue));
    return changed;
  }
}
