package io.kafkabluegreen.provider.pods;

import java.net.URI;
import java.util.Optional;

/**
 * One pod of a Rollout revision and where its lifecycle endpoints answer.
 *
 * @param name pod name
 * @param hash its {@code rollouts-pod-template-hash}
 * @param ip {@code status.podIP}, empty when not yet assigned
 * @param port the lifecycle port
 * @param skipReason why the provider does not call this pod (not Ready, terminating, no IP), or
 *     empty when it is usable
 */
public record RevisionPod(
    String name, String hash, String ip, int port, Optional<String> skipReason) {

  public boolean usable() {
    return skipReason.isEmpty();
  }

  public URI uri(String pathAndQuery) {
    String host = ip.contains(":") ? "[" + ip + "]" : ip;
    return URI.create("http://" + host + ":" + port + pathAndQuery);
  }
}
