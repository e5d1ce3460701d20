package io.kafkabluegreen.provider.pods;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Sends pause or resume to many pods at once and collects every answer. */
public final class PodCommands {

  private final LifecycleClient lifecycle;

  public PodCommands(LifecycleClient lifecycle) {
    this.lifecycle = lifecycle;
  }

  /** Pauses every usable pod in parallel; each call is bounded by {@code drainTimeout}. */
  public List<PodCall> pause(List<RevisionPod> pods, Duration drainTimeout) {
    return join(
        pods.stream()
            .filter(RevisionPod::usable)
            .map(p -> lifecycle.pause(p, drainTimeout))
            .toList());
  }

  /** Resumes every usable pod in parallel; completes with every answer. */
  public CompletableFuture<List<PodCall>> resume(List<RevisionPod> pods) {
    List<CompletableFuture<PodCall>> calls =
        pods.stream().filter(RevisionPod::usable).map(lifecycle::resume).toList();
    return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new))
        .thenApply(done -> join(calls));
  }

  private static List<PodCall> join(List<CompletableFuture<PodCall>> calls) {
    // Each call completes normally, bounded by its own HTTP timeout, so join() cannot hang.
    return calls.stream().map(CompletableFuture::join).toList();
  }
}
