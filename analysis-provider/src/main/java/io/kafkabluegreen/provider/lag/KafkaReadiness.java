package io.kafkabluegreen.provider.lag;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Answers {@code /readyz}: true only when Kafka answers. The answer is cached for a few seconds so
 * that frequent probes cost one cheap {@code describeCluster} at most every {@link #TTL}; any
 * successful lag read counts as an answer too.
 */
public final class KafkaReadiness implements BooleanSupplier {

  static final Duration TTL = Duration.ofSeconds(5);

  private final Admin admin;
  private final Duration probeTimeout;
  private final Clock clock;
  private boolean ready;
  private Instant checkedAt = Instant.MIN;

  /**
   * @param probeTimeout how long one probe may wait for Kafka; kept short because a kubelet probe
   *     has its own timeout
   */
  KafkaReadiness(Admin admin, Duration probeTimeout, Clock clock) {
    this.admin = admin;
    this.probeTimeout = probeTimeout;
    this.clock = clock;
  }

  @Override
  public synchronized boolean getAsBoolean() {
    Instant now = clock.instant();
    if (Duration.between(checkedAt, now).compareTo(TTL) < 0) {
      return ready;
    }
    ready = probe();
    checkedAt = clock.instant();
    return ready;
  }

  /** Records that Kafka just answered a request. */
  synchronized void answered() {
    ready = true;
    checkedAt = clock.instant();
  }

  private boolean probe() {
    int millis = (int) probeTimeout.toMillis();
    try {
      admin
          .describeCluster(new DescribeClusterOptions().timeoutMs(millis))
          .clusterId()
          .get(millis, TimeUnit.MILLISECONDS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | TimeoutException e) {
      return false;
    }
  }
}
