package io.kafkabluegreen.provider.lag;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.utils.ThreadUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A daemon thread that samples the tracked groups every sample interval. */
final class LagSampler implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LagSampler.class);

  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(
          ThreadUtils.createThreadFactory("lag-sampler", true));

  LagSampler(LagService service, Duration interval) {
    long millis = interval.toMillis();
    executor.scheduleWithFixedDelay(
        () -> {
          try {
            service.sampleTrackedGroups();
          } catch (RuntimeException e) {
            // a failed round must not cancel the schedule
            LOG.warn("Lag sampling round failed", e);
          }
        },
        millis,
        millis,
        TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
