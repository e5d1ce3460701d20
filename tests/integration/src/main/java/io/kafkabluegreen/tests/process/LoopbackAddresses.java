package io.kafkabluegreen.tests.process;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hands out loopback addresses to local "pods": on Linux the whole of 127.0.0.0/8 reaches the
 * loopback interface, so each process can bind its own address — its pod IP — and every pod can
 * listen on the same lifecycle port, as in a cluster.
 */
public final class LoopbackAddresses {

  /** 127.0.0.1 is the host's; pods start at .10, and move to the next /24 after .250. */
  private static final AtomicInteger NEXT = new AtomicInteger(10);

  private LoopbackAddresses() {}

  /** A loopback address not handed out before in this JVM. */
  public static String next() {
    int n = NEXT.getAndIncrement();
    return "127.0." + (n / 250) + "." + (n % 250 + 2);
  }

  /**
   * A port that is free on the wildcard address, hence on every loopback address right now: the
   * lifecycle port all pods of a run share.
   */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
