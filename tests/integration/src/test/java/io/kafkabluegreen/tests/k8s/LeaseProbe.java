package io.kafkabluegreen.tests.k8s;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.kafkabluegreen.lifecycle.lease.LeaseState;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A child-process stand-in for a pod: configures its Kubernetes client from the environment only
 * (fabric8 auto-configuration, as consumer-app does), watches the Lease {@code LEASE_NAME} and
 * exits 0 once its holder is {@code EXPECT_HOLDER}, 3 after 60 s.
 */
public final class LeaseProbe {

  private LeaseProbe() {}

  public static void main(String[] args) throws InterruptedException {
    String name = System.getenv("LEASE_NAME");
    String expected = System.getenv("EXPECT_HOLDER");
    CountDownLatch seen = new CountDownLatch(1);
    try (KubernetesClient client = new KubernetesClientBuilder().build()) {
      System.out.println("master=" + client.getConfiguration().getMasterUrl());
      System.out.println("namespace=" + client.getNamespace());
      client
          .leases()
          .withName(name)
          .watch(
              new Watcher<Lease>() {
                @Override
                public void eventReceived(Action action, Lease lease) {
                  String holder = LeaseState.decode(lease).holder();
                  System.out.println("holder=" + holder);
                  if (holder.equals(expected)) {
                    seen.countDown();
                  }
                }

                @Override
                public void onClose(WatcherException cause) {
                  System.out.println("watch closed: " + cause);
                }
              });
      System.exit(seen.await(60, TimeUnit.SECONDS) ? 0 : 3);
    }
  }
}
