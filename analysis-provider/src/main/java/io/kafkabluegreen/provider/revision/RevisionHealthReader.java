package io.kafkabluegreen.provider.revision;

import io.kafkabluegreen.provider.rollout.ManagedRollout;

/**
 * Reads one revision's health for {@code GET …/revisions/{hash}}: lifecycle-webhook pods answer
 * their {@code /lifecycle/status} ({@link RevisionHealthService}); strategy E's Connect workers
 * answer with their connector's and tasks' states.
 */
public interface RevisionHealthReader {
  RevisionHealth health(ManagedRollout rollout, String hash);
}
