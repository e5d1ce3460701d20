package io.kafkabluegreen.provider.handover;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkabluegreen.provider.pods.RevisionPod;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MemberColorsTest {

  private final List<RevisionPod> pods =
      List.of(
          new RevisionPod("orders-blue1-x", "blue1", "10.0.0.1", 8080, Optional.empty()),
          new RevisionPod("orders-green2-y", "green2", "10.0.0.2", 8080, Optional.empty()));
  private final MemberColors colors = new MemberColors(Set.of("blue1", "green2"), pods);

  private static GroupMember member(String clientId, String host) {
    return new GroupMember(clientId, host, Set.of());
  }

  @Test
  void theConsumerAppClientIdTellsTheColor() {
    assertThat(colors.colorOf(member("consumer-app-green2-orders-green2-y", "/10.9.9.9")))
        .contains("green2");
  }

  @Test
  void aClientIdContainingAPodNameTellsTheColor() {
    assertThat(colors.colorOf(member("my-orders-blue1-x", "/10.9.9.9"))).contains("blue1");
  }

  @Test
  void theHostTellsTheColorWhenTheClientIdDoesNot() {
    assertThat(colors.colorOf(member("consumer-1", "/10.0.0.2"))).contains("green2");
  }

  @Test
  void anUnknownMemberHasNoColorAndCountsAsNotOfTheTarget() {
    GroupMember stranger = member("consumer-1", "/10.9.9.9");
    GroupView view =
        new GroupView(
            "g", "Stable", false, List.of(stranger, member("consumer-app-green2-a", "/h")));

    assertThat(colors.colorOf(stranger)).isEmpty();
    assertThat(colors.notOf("green2", view)).containsExactly(stranger);
    assertThat(colors.otherColors("green2", view)).isEmpty();
    assertThat(colors.of("green2", view)).hasSize(1);
  }
}
