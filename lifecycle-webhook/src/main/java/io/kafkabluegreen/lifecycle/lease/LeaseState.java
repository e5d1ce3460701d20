package io.kafkabluegreen.lifecycle.lease;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.Map;

/**
 * The contract both sides of the handover share (docs/design.md §4): which pod-template hash may
 * consume and whether a switch is under way. Decoded from, and encoded into, a {@code
 * coordination.k8s.io/v1} Lease; {@code resourceVersion} is kept so that every write is a
 * compare-and-swap.
 *
 * @param holder the active pod-template hash ({@code spec.holderIdentity})
 * @param phase Active or Draining; an unknown or missing phase decodes as Draining (fail safe)
 * @param target the hash being switched to, or empty
 * @param epoch increments on every change
 * @param resourceVersion the Lease's resourceVersion when read, null for a Lease not yet created
 */
public record LeaseState(
    String holder, LeasePhase phase, String target, long epoch, String resourceVersion) {

  public static final String PHASE = "kafka-bluegreen.io/phase";
  public static final String TARGET = "kafka-bluegreen.io/target";
  public static final String EPOCH = "kafka-bluegreen.io/epoch";

  public LeaseState {
    holder = holder == null ? "" : holder;
    target = target == null ? "" : target;
  }

  /** The rule every consumer obeys: I may be a group member iff this is true for my hash. */
  public boolean allowsConsumption(String hash) {
    return phase == LeasePhase.ACTIVE && !holder.isEmpty() && holder.equals(hash);
  }

  public static LeaseState decode(Lease lease) {
    Map<String, String> annotations = lease.getMetadata().getAnnotations();
    if (annotations == null) {
      annotations = Map.of();
    }
    String holder = lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
    LeasePhase phase = LeasePhase.parse(annotations.get(PHASE)).orElse(LeasePhase.DRAINING);
    long epoch;
    try {
      epoch = Long.parseLong(annotations.getOrDefault(EPOCH, "0"));
    } catch (NumberFormatException e) {
      epoch = 0;
    }
    return new LeaseState(
        holder, phase, annotations.get(TARGET), epoch, lease.getMetadata().getResourceVersion());
  }

  /** The next state: epoch + 1, same resourceVersion (the CAS precondition). */
  public LeaseState next(String newHolder, LeasePhase newPhase, String newTarget) {
    return new LeaseState(newHolder, newPhase, newTarget, epoch + 1, resourceVersion);
  }

  /**
   * Writes this state onto a copy of {@code base} (keeping its other metadata), with {@code
   * metadata.resourceVersion} set so that an update is rejected with 409 if anyone wrote in
   * between.
   */
  public Lease encodeOnto(Lease base) {
    Map<String, String> annotations = new HashMap<>();
    if (base.getMetadata().getAnnotations() != null) {
      annotations.putAll(base.getMetadata().getAnnotations());
    }
    annotations.put(PHASE, phase.wire());
    annotations.put(EPOCH, Long.toString(epoch));
    if (target.isEmpty()) {
      annotations.remove(TARGET);
    } else {
      annotations.put(TARGET, target);
    }
    return new LeaseBuilder(base)
        .editMetadata()
        .withAnnotations(annotations)
        .withResourceVersion(resourceVersion)
        .endMetadata()
        .editOrNewSpec()
        .withHolderIdentity(holder)
        .withRenewTime(ZonedDateTime.now())
        .endSpec()
        .build();
  }

  /**
   * A new Lease object carrying {@code state} (from {@link LeaseTransition#create} or {@link
   * LeaseTransition#recreate}), for an atomic create.
   */
  public static Lease created(String namespace, String name, LeaseState state) {
    Lease base =
        new LeaseBuilder()
            .withMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build())
            .withNewSpec()
            .withAcquireTime(ZonedDateTime.now())
            .endSpec()
            .build();
    return state.encodeOnto(base);
  }

  /** A new Lease naming {@code holder} as Active at epoch 1 ({@link LeaseTransition#CREATE}). */
  public static Lease initial(String namespace, String name, String holder) {
    return created(namespace, name, LeaseTransition.create(holder));
  }
}
