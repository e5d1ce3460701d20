package io.kafkabluegreen.provider.lag;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.DisconnectException;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Waiting for Kafka's futures within a request's deadline, with Kafka's failures made ours. */
final class KafkaCalls {

  private KafkaCalls() {}

  static <T> T await(KafkaFuture<T> future, Deadline deadline, String what) {
    try {
      return future.get(deadline.remainingMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaUnavailableException("Interrupted while reading " + what, e);
    } catch (TimeoutException e) {
      throw new KafkaUnavailableException("Kafka did not answer in time (" + what + ")", e);
    } catch (ExecutionException e) {
      throw translate(e.getCause(), what);
    }
  }

  private static RuntimeException translate(Throwable cause, String what) {
    if (cause instanceof UnknownTopicOrPartitionException
        || cause instanceof GroupIdNotFoundException) {
      // answers, not outages (the first is a RetriableException for clients, hence checked first)
      return (RuntimeException) cause;
    }
    if (cause instanceof org.apache.kafka.common.errors.TimeoutException
        || cause instanceof RetriableException
        || cause instanceof DisconnectException) {
      return new KafkaUnavailableException(
          "Kafka did not answer in time (" + what + "): " + cause.getMessage(), cause);
    }
    if (cause instanceof RuntimeException runtime) {
      return runtime;
    }
    return new IllegalStateException("Reading " + what + " failed", cause);
  }
}
