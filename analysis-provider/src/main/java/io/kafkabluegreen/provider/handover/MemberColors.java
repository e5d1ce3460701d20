package io.kafkabluegreen.provider.handover;

import io.kafkabluegreen.lifecycle.lease.LeaseState;
import io.kafkabluegreen.provider.pods.PodLocator;
import io.kafkabluegreen.provider.pods.RevisionPod;
import io.kafkabluegreen.provider.rollout.ManagedRollout;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Tells which revision (color) a group member belongs to. The broker knows members only by {@code
 * client.id} and host, so the color is read, in this order, from a {@code -}-separated token of the
 * client id equal to a known hash (consumer-app's {@code consumer-app-<hash>-<pod>}), from a client
 * id that contains a known pod's name, or from a host equal to exactly one known pod's IP.
 */
public final class MemberColors {

  private final Set<String> hashes;
  private final List<RevisionPod> pods;

  public MemberColors(Collection<String> hashes, List<RevisionPod> pods) {
    this.hashes =
        hashes.stream().filter(h -> h != null && !h.isEmpty()).collect(Collectors.toSet());
    this.pods = List.copyOf(pods);
  }

  /** Attribution by every hash and pod this Rollout is known to have (pods, the Lease, target). */
  public static MemberColors known(
      PodLocator pods, ManagedRollout rollout, String target, LeaseState lease) {
    List<RevisionPod> all = pods.all(rollout);
    Set<String> hashes = new HashSet<>();
    hashes.add(target);
    hashes.add(lease.holder());
    hashes.add(lease.target());
    all.forEach(p -> hashes.add(p.hash()));
    List<RevisionPod> known = all.isEmpty() ? pods.revision(rollout, target) : all;
    return new MemberColors(hashes, known);
  }

  /** The member's hash, or empty when nothing identifies it. */
  public Optional<String> colorOf(GroupMember member) {
    String clientId = member.clientId() == null ? "" : member.clientId();
    Optional<String> byClientId = hashInClientId(clientId);
    if (byClientId.isPresent()) {
      return byClientId;
    }
    return pod(member).map(RevisionPod::hash).filter(hash -> !hash.isEmpty());
  }

  /** The known pod this member runs in (client id naming it, or its unique IP), if any. */
  public Optional<String> podOf(GroupMember member) {
    return pod(member).map(RevisionPod::name);
  }

  private Optional<RevisionPod> pod(GroupMember member) {
    String clientId = member.clientId() == null ? "" : member.clientId();
    for (RevisionPod pod : pods) {
      if (!pod.name().isEmpty() && clientId.contains(pod.name())) {
        return Optional.of(pod);
      }
    }
    String host = member.host() == null ? "" : member.host().replaceFirst("^/", "");
    List<RevisionPod> byIp = pods.stream().filter(p -> p.ip().equals(host)).toList();
    return byIp.size() == 1 ? Optional.of(byIp.get(0)) : Optional.empty();
  }

  /** The known hash that appears earliest as a dash-delimited part of the client id. */
  private Optional<String> hashInClientId(String clientId) {
    String padded = "-" + clientId + "-";
    String found = null;
    int at = Integer.MAX_VALUE;
    for (String hash : hashes) {
      int index = padded.indexOf("-" + hash + "-");
      if (index >= 0 && index < at) {
        at = index;
        found = hash;
      }
    }
    return Optional.ofNullable(found);
  }

  /** Members that are not of {@code hash}: known other colors and unidentified ones. */
  public List<GroupMember> notOf(String hash, GroupView group) {
    return group.members().stream()
        .filter(m -> !colorOf(m).map(hash::equals).orElse(false))
        .toList();
  }

  /** Members positively identified as another color than {@code hash}. */
  public List<GroupMember> otherColors(String hash, GroupView group) {
    return group.members().stream()
        .filter(m -> colorOf(m).map(c -> !c.equals(hash)).orElse(false))
        .toList();
  }

  public List<GroupMember> of(String hash, GroupView group) {
    return group.members().stream()
        .filter(m -> colorOf(m).map(hash::equals).orElse(false))
        .toList();
  }
}
