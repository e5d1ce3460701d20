package io.kafkabluegreen.provider.rollout;

/** The Kubernetes API could not be reached or answered with an error we cannot act on. */
public final class KubernetesUnavailableException extends RuntimeException {

  public KubernetesUnavailableException(String what, Throwable cause) {
    super("Kubernetes API failed while " + what + ": " + cause.getMessage(), cause);
  }
}
