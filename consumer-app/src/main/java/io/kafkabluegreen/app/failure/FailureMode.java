package io.kafkabluegreen.app.failure;

/** The failure a scenario injects into consumer-app ({@code APP_FAILURE_MODE}). */
public enum FailureMode {
  NONE,
  /** A share of records fails ({@code APP_FAILURE_RATE}). */
  RATE,
  /** Every record takes longer ({@code APP_LATENCY_MS}). */
  LATENCY,
  /** The process exits abruptly after N records ({@code APP_CRASH_AFTER}). */
  CRASH
}
