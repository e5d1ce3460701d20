package io.kafkabluegreen.lifecycle.standby;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.RebalanceProtocol;

/**
 * Reads the application's {@code partition.assignment.strategy}, which standby membership replaces
 * by {@link ColorAssignor}, for the one thing it keeps of it: whether the application chose the
 * cooperative rebalance protocol (Kafka picks the highest protocol all its assignors support).
 */
public final class Assignors {

  private Assignors() {}

  /** True when every configured assignor supports cooperative rebalancing; false when unset. */
  public static boolean cooperative(Object configured) {
    List<Object> entries = entries(configured);
    if (entries.isEmpty()) {
      return false; // Kafka's default [Range, CooperativeSticky] rebalances eagerly
    }
    for (Object entry : entries) {
      if (!instance(entry).supportedProtocols().contains(RebalanceProtocol.COOPERATIVE)) {
        return false;
      }
    }
    return true;
  }

  private static List<Object> entries(Object configured) {
    List<Object> entries = new ArrayList<>();
    if (configured instanceof String s) {
      Arrays.stream(s.split(",")).map(String::trim).filter(e -> !e.isEmpty()).forEach(entries::add);
    } else if (configured instanceof Collection<?> c) {
      entries.addAll(c);
    } else if (configured instanceof Class<?>) {
      entries.add(configured);
    }
    return entries;
  }

  private static ConsumerPartitionAssignor instance(Object entry) {
    try {
      Class<?> type =
          entry instanceof Class<?> c
              ? c
              : Class.forName(String.valueOf(entry).trim(), true, Assignors.class.getClassLoader());
      return (ConsumerPartitionAssignor) type.getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new IllegalArgumentException(
          "partition.assignment.strategy: cannot use " + entry + ": " + e, e);
    }
  }
}
