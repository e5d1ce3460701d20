package io.kafkabluegreen.provider.handover;

import io.kafkabluegreen.provider.pods.LifecycleClient;
import io.kafkabluegreen.provider.pods.PodCall;
import io.kafkabluegreen.provider.pods.RevisionPod;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Sends pause or resume to many pods at once and collects every answer. */
final class PodCommands {

  private final LifecycleClient lifecycle;

  PodCommands(LifecycleClient lifecycle) {
    this.lifecycle = lifecycle;
  }

  /** Pauses every usable pod in parallel; each call is bounded by {@code drainTimeout}. */
  List<PodCall> pause(List<RevisionPod> pods, Duration drainTimeout) {
    return join(
        pods.stream()
            .filter(RevisionPod::usable)
            .map(p -> lifecycle.pause(p, drainTimeout))
            .toList());
  }

  /** Resumes every usable pod in parallel. */
  List<PodCall> resume(List<RevisionPod> pods) {
    return join(pods.stream().filter(RevisionPod::usable).map(lifecycle::resume).toList());
  }

  private static List<PodCall> join(List<CompletableFuture<PodCall>> calls) {
    // Each call completes normally, bounded by its own HTTP timeout, so join() cannot hang.
    return calls.stream().map(CompletableFuture::join).toList();
  }
}
