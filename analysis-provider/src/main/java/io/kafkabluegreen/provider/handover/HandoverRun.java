package io.kafkabluegreen.provider.handover;

import io.kafkabluegreen.lifecycle.lease.LeaseState;
import io.kafkabluegreen.provider.handover.HandoverResult.PodNote;
import io.kafkabluegreen.provider.handover.HandoverResult.StepDurations;
import io.kafkabluegreen.provider.pods.PodCall;
import io.kafkabluegreen.provider.pods.RevisionPod;
import io.kafkabluegreen.provider.rollout.ManagedRollout;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The progress of one handover while it runs: the handover thread writes it step by step, and an
 * HTTP request that stops waiting reads a consistent {@link #snapshot()} of it.
 */
public final class HandoverRun {

  private final ManagedRollout rollout;
  private final String target;
  private final String trigger;
  private final String performedBy;
  private final Instant startedAt = Instant.now();
  private final long startNanos = System.nanoTime();

  private HandoverStep step = HandoverStep.READ;
  private String activeHash = "";
  private String previousHash = "";
  private long epoch;
  private boolean changed;
  private final Map<HandoverStep, Long> millis = new EnumMap<>(HandoverStep.class);
  private final List<String> paused = new ArrayList<>();
  private final List<String> resumed = new ArrayList<>();
  private final Map<String, PodNote> skipped = new LinkedHashMap<>();
  private final List<PodNote> unconfirmed = new ArrayList<>();
  private final Set<String> released = new HashSet<>();

  public HandoverRun(ManagedRollout rollout, String target, String trigger, String performedBy) {
    this.rollout = rollout;
    this.target = target;
    this.trigger = trigger;
    this.performedBy = performedBy;
  }

  public ManagedRollout rollout() {
    return rollout;
  }

  public String target() {
    return target;
  }

  public String trigger() {
    return trigger;
  }

  synchronized void step(HandoverStep next) {
    step = next;
  }

  synchronized void lease(LeaseState state) {
    activeHash = state.holder();
    epoch = state.epoch();
  }

  synchronized void previous(String hash) {
    previousHash = hash;
  }

  synchronized void changed() {
    changed = true;
  }

  synchronized void took(HandoverStep measured, long stepMillis) {
    millis.merge(measured, stepMillis, Long::sum);
  }

  public synchronized void skipped(List<RevisionPod> pods) {
    for (RevisionPod pod : pods) {
      pod.skipReason().ifPresent(r -> skipped.put(pod.name(), new PodNote(pod.name(), null, r)));
    }
  }

  public synchronized void called(String action, List<PodCall> calls) {
    for (PodCall call : calls) {
      if (action.equals("pause") && call.released()) {
        released.add(call.pod().name());
      }
      if (call.confirmed()) {
        (action.equals("pause") ? paused : resumed).add(call.pod().name());
      } else {
        unconfirmed.add(new PodNote(call.pod().name(), action, call.error().orElse("")));
      }
    }
  }

  /** Pods whose pause answered STANDBY holding no partition (standby members that gave back). */
  synchronized Set<String> releasedPods() {
    return Set.copyOf(released);
  }

  /** "N of M pods confirmed the pause" style line for the drain log. */
  synchronized String stopSummary() {
    return paused.size()
        + " stopped"
        + (unconfirmed.isEmpty() ? "" : ", " + unconfirmed.size() + " did not confirm");
  }

  /** What was restarted, for the rollback log. */
  synchronized String startSummary() {
    return resumed.size() + " restarted";
  }

  /** The sides that did not confirm the pause, appended to a verify failure's reason. */
  synchronized String unconfirmedSummary() {
    List<String> notes =
        unconfirmed.stream()
            .filter(n -> "pause".equals(n.action()))
            .map(n -> n.pod() + " (" + n.reason() + ")")
            .toList();
    return notes.isEmpty() ? "" : "; pods that did not confirm the pause: " + notes;
  }

  /**
   * Records a strategy's own call that is not a pod's lifecycle call (a connector stopped on a
   * Connect worker, say): {@code who} is what the result lists, {@code error} empty when it
   * succeeded.
   */
  public synchronized void called(String action, String who, Optional<String> error) {
    if (error.isEmpty()) {
      (action.equals("pause") ? paused : resumed).add(who);
    } else {
      unconfirmed.add(new PodNote(who, action, error.get()));
    }
  }

  /** True until the handover has written anything or called any pod. */
  synchronized boolean untouched() {
    return step == HandoverStep.READ && !changed;
  }

  long elapsedMillis() {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  /** The state so far, reported as InProgress. */
  public synchronized HandoverResult snapshot() {
    return result(HandoverPhase.IN_PROGRESS, null, null);
  }

  /** The final result; the step is left where the handover stopped. */
  synchronized HandoverResult finish(HandoverPhase phase, String reason) {
    if (phase == HandoverPhase.ACTIVE) {
      step = HandoverStep.DONE;
    }
    millis.put(HandoverStep.DONE, elapsedMillis());
    return result(phase, Instant.now(), reason);
  }

  private HandoverResult result(HandoverPhase phase, Instant finishedAt, String reason) {
    StepDurations durations =
        new StepDurations(
            millis.getOrDefault(HandoverStep.DRAIN, 0L),
            millis.getOrDefault(HandoverStep.VERIFY, 0L),
            millis.getOrDefault(HandoverStep.SYNC, 0L),
            millis.getOrDefault(HandoverStep.ACTIVATE, 0L),
            finishedAt == null ? elapsedMillis() : millis.get(HandoverStep.DONE));
    return new HandoverResult(
        rollout.ref().namespace(),
        rollout.ref().name(),
        phase,
        step,
        rollout.strategy().wire(),
        target,
        activeHash,
        previousHash,
        epoch,
        changed,
        trigger,
        performedBy,
        startedAt,
        finishedAt,
        durations,
        List.copyOf(paused),
        List.copyOf(resumed),
        List.copyOf(skipped.values()),
        List.copyOf(unconfirmed),
        reason);
  }
}
