package io.kafkabluegreen.lifecycle.standby;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkabluegreen.lifecycle.GroupMode;
import io.kafkabluegreen.lifecycle.Membership;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.consumer.StickyAssignor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MemberLeaseTest {

  @ParameterizedTest(name = "{0} epoch {1} holder ''{2}'' active {3} held {4}")
  @CsvSource({
    "blue,7,blue,true,false",
    "green,0,'',false,true",
    "ä-ü,9223372036854775807,x,true,true"
  })
  void round_trips(String hash, long epoch, String holder, boolean active, boolean held) {
    MemberLease lease = new MemberLease(hash, epoch, holder, active, held);

    assertThat(MemberLease.decode(lease.encode())).contains(lease);
  }

  @Test
  void data_it_does_not_understand_decodes_as_nothing() {
    assertThat(MemberLease.decode(null)).isEmpty();
    assertThat(MemberLease.decode(ByteBuffer.wrap(new byte[] {2, 0, 0}))).isEmpty();
    assertThat(MemberLease.decode(ByteBuffer.wrap(new byte[] {1, 0}))).isEmpty();
    ByteBuffer badLength = new MemberLease("blue", 1, "blue", true, false).encode();
    badLength.putInt(10, 1000);
    assertThat(MemberLease.decode(badLength)).isEmpty();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({
    "SHARED,false,AUTO,STANDBY",
    "SHARED,true,AUTO,LEAVE",
    "PER_REVISION,false,AUTO,LEAVE",
    "SHARED,false,LEAVE,LEAVE",
    "SHARED,false,STANDBY,STANDBY"
  })
  void auto_is_standby_only_for_a_shared_classic_group(
      GroupMode mode, boolean consumerProtocol, Membership asked, Membership resolved) {
    assertThat(asked.resolve(mode, consumerProtocol)).isEqualTo(resolved);
  }

  @Test
  void standby_where_it_cannot_work_is_refused_with_the_reason() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> Membership.STANDBY.resolve(GroupMode.SHARED, true))
        .hasMessageContaining("group.protocol=consumer the broker assigns the partitions");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> Membership.STANDBY.resolve(GroupMode.PER_REVISION, false))
        .hasMessageContaining("per-revision group");
  }

  @Test
  void the_applications_assignors_decide_eager_or_cooperative() {
    assertThat(Assignors.cooperative(null)).isFalse();
    assertThat(Assignors.cooperative(RangeAssignor.class.getName())).isFalse();
    assertThat(Assignors.cooperative(CooperativeStickyAssignor.class.getName())).isTrue();
    assertThat(Assignors.cooperative(List.of(CooperativeStickyAssignor.class))).isTrue();
    assertThat(
            Assignors.cooperative(
                CooperativeStickyAssignor.class.getName() + "," + StickyAssignor.class.getName()))
        .isFalse();
  }
}
