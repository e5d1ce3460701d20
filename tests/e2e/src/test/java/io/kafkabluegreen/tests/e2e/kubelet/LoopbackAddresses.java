package io.kafkabluegreen.tests.e2e.kubelet;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hands out pod IPs from the loopback block (Linux routes all of 127.0.0.0/8 to {@code lo}, so any
 * of them can be bound with no setup). Each kubelet draws a random {@code 127.N.0.0/16} so that two
 * test runs on one machine (other worktrees, CI) never bind the same address and port; within a run
 * an address is never reused, so a process still draining on an old address cannot collide with a
 * new pod.
 */
final class LoopbackAddresses {

  private final int block;
  private final AtomicInteger next = new AtomicInteger(10);

  LoopbackAddresses() {
    this(ThreadLocalRandom.current().nextInt(100, 250));
  }

  LoopbackAddresses(int block) {
    this.block = block;
  }

  String allocate() {
    int n = next.getAndIncrement();
    if (n >= 254 * 256) {
      throw new IllegalStateException("loopback addresses exhausted in 127." + block + ".0.0/16");
    }
    return "127." + block + "." + (n / 254) + "." + (n % 254 + 1);
  }
}
