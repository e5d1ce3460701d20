package io.kafkabluegreen.provider.handover;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkabluegreen.lifecycle.lease.LeasePhase;
import io.kafkabluegreen.lifecycle.lease.LeaseState;
import io.kafkabluegreen.provider.support.KubernetesFixture;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LeaseStoreTest {

  private KubernetesFixture kube;
  private LeaseStore store;

  @BeforeEach
  void setUp() {
    kube = new KubernetesFixture();
    store = new LeaseStore(kube.client());
  }

  @AfterEach
  void tearDown() {
    kube.close();
  }

  @Test
  void createIsAtomicTheSecondCreatorLoses() {
    LeaseState initial = new LeaseState("", LeasePhase.DRAINING, "green", 1, null);

    Optional<LeaseSnapshot> first = store.create("shop", "orders-kafka-active", initial);
    Optional<LeaseSnapshot> second = store.create("shop", "orders-kafka-active", initial);

    assertThat(first).isPresent();
    assertThat(first.get().state().target()).isEqualTo("green");
    assertThat(first.get().writtenAt()).isPresent();
    assertThat(second).isEmpty();
  }

  @Test
  void aCompareAndSwapFromAStaleReadIsRejected() {
    kube.activeLease("shop", "l", "blue");
    LeaseSnapshot read = store.read("shop", "l").orElseThrow();

    Optional<LeaseSnapshot> won =
        store.compareAndSwap(read, read.state().next("blue", LeasePhase.DRAINING, "green"));
    Optional<LeaseSnapshot> lost =
        store.compareAndSwap(read, read.state().next("green", LeasePhase.ACTIVE, ""));

    assertThat(won).isPresent();
    assertThat(won.get().state().epoch()).isEqualTo(2);
    assertThat(lost).isEmpty();
    LeaseState now = store.read("shop", "l").orElseThrow().state();
    assertThat(now.phase()).isEqualTo(LeasePhase.DRAINING);
    assertThat(now.target()).isEqualTo("green");
  }

  @Test
  void aMissingLeaseReadsAsEmpty() {
    assertThat(store.read("shop", "nothing")).isEmpty();
  }
}
