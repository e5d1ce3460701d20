package io.kafkabluegreen.tests.e2e.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;

/**
 * A container's readiness probe ({@code httpGet} or {@code tcpSocket}), run against the pod IP.
 * Thresholds follow the spec; the period is capped at one second because the end-to-end tests
 * measure the handover, not the kubelet's probe cadence. A container without a readiness probe is
 * ready as soon as it runs, as in Kubernetes.
 */
final class ReadinessProbe {

  private static final Duration MAX_PERIOD = Duration.ofSeconds(1);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  private final Probe probe;
  private final Container container;

  ReadinessProbe(Container container) {
    this.container = container;
    this.probe = container.getReadinessProbe();
  }

  boolean defined() {
    return probe != null;
  }

  Duration period() {
    if (probe == null || probe.getPeriodSeconds() == null) {
      return MAX_PERIOD;
    }
    Duration spec = Duration.ofSeconds(probe.getPeriodSeconds());
    return spec.compareTo(MAX_PERIOD) < 0 ? spec : MAX_PERIOD;
  }

  int failureThreshold() {
    return probe == null ? 1 : Objects.requireNonNullElse(probe.getFailureThreshold(), 3);
  }

  int successThreshold() {
    return probe == null ? 1 : Objects.requireNonNullElse(probe.getSuccessThreshold(), 1);
  }

  /** One probe attempt: true on success. */
  boolean check(String podIp) {
    if (probe == null) {
      return true;
    }
    Duration timeout = Duration.ofSeconds(Objects.requireNonNullElse(probe.getTimeoutSeconds(), 1));
    if (probe.getHttpGet() != null) {
      var get = probe.getHttpGet();
      String host = get.getHost() == null || get.getHost().isBlank() ? podIp : get.getHost();
      String scheme = get.getScheme() == null ? "http" : get.getScheme().toLowerCase();
      String path = get.getPath() == null ? "/" : get.getPath();
      URI uri = URI.create(scheme + "://" + host + ":" + port(get.getPort()) + path);
      try {
        HttpResponse<Void> response =
            HTTP.send(
                HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                HttpResponse.BodyHandlers.discarding());
        return response.statusCode() >= 200 && response.statusCode() < 400;
      } catch (IOException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    if (probe.getTcpSocket() != null) {
      try (Socket socket = new Socket()) {
        socket.connect(
            new InetSocketAddress(podIp, port(probe.getTcpSocket().getPort())),
            (int) timeout.toMillis());
        return true;
      } catch (IOException e) {
        return false;
      }
    }
    throw new UnsupportedOperationException(
        "readiness probe of " + container.getName() + " is neither httpGet nor tcpSocket");
  }

  private int port(IntOrString port) {
    if (port.getIntVal() != null) {
      return port.getIntVal();
    }
    return container.getPorts().stream()
        .filter(p -> port.getStrVal().equals(p.getName()))
        .map(ContainerPort::getContainerPort)
        .findFirst()
        .orElseThrow(
            () -> new IllegalArgumentException("no container port named " + port.getStrVal()));
  }
}
