package io.kafkabluegreen.tests.e2e.kubelet;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ServiceAccountTokenProjection;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pod's ServiceAccount tokens, as the kubelet gets them: one TokenRequest per projected {@code
 * serviceAccountToken} file, bound to the Pod (the API server stops accepting it once the Pod is
 * gone), and requested again when 80 % of its lifetime has passed, which is when the kubelet
 * rotates it too. Clients re-read the file (fabric8 does on a 401), so a pod never holds an expired
 * token.
 */
final class ServiceAccountTokens {

  private static final Logger LOG = LoggerFactory.getLogger(ServiceAccountTokens.class);
  private static final long DEFAULT_EXPIRATION_SECONDS = 3600;

  private final KubernetesClient client;
  private final Pod pod;
  private final Map<Path, Issued> issued = new ConcurrentHashMap<>();

  ServiceAccountTokens(KubernetesClient client, Pod pod) {
    this.client = client;
    this.pod = pod;
  }

  /** Requests a token for {@code projection} and writes it to {@code file}. */
  void write(Path file, ServiceAccountTokenProjection projection, int mode) {
    TokenRequest response = request(projection);
    VolumeFiles.write(file, response.getStatus().getToken().getBytes(StandardCharsets.UTF_8), mode);
    Instant expires = Instant.parse(response.getStatus().getExpirationTimestamp());
    issued.put(file, new Issued(projection, mode, Instant.now(), expires));
  }

  /** Replaces every token past 80 % of its lifetime; a failure is retried on the next call. */
  void refreshDue() {
    Instant now = Instant.now();
    issued.forEach(
        (file, token) -> {
          if (now.isAfter(token.refreshAt())) {
            try {
              write(file, token.projection(), token.mode());
              LOG.debug("Pod {}: token {} refreshed", ProcessKubelet.key(pod), file);
            } catch (KubernetesClientException e) {
              LOG.warn("Pod {}: token refresh failed: {}", ProcessKubelet.key(pod), e.getMessage());
            }
          }
        });
  }

  private TokenRequest request(ServiceAccountTokenProjection projection) {
    String audience = projection.getAudience();
    TokenRequest request =
        new TokenRequestBuilder()
            .withNewSpec()
            // no audience: the API server's own (its issuer), which is what it accepts
            .withAudiences(audience == null || audience.isBlank() ? List.of() : List.of(audience))
            .withExpirationSeconds(
                Objects.requireNonNullElse(
                    projection.getExpirationSeconds(), DEFAULT_EXPIRATION_SECONDS))
            .withNewBoundObjectRef()
            .withApiVersion("v1")
            .withKind("Pod")
            .withName(pod.getMetadata().getName())
            .withUid(pod.getMetadata().getUid())
            .endBoundObjectRef()
            .endSpec()
            .build();
    return client
        .serviceAccounts()
        .inNamespace(pod.getMetadata().getNamespace())
        .withName(serviceAccount(pod))
        .tokenRequest(request);
  }

  static String serviceAccount(Pod pod) {
    return Objects.requireNonNullElse(pod.getSpec().getServiceAccountName(), "default");
  }

  private record Issued(
      ServiceAccountTokenProjection projection, int mode, Instant at, Instant expires) {
    Instant refreshAt() {
      return at.plus(Duration.between(at, expires).multipliedBy(8).dividedBy(10));
    }
  }
}
