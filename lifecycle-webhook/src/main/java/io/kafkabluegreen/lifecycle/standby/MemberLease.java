package io.kafkabluegreen.lifecycle.standby;

import io.kafkabluegreen.lifecycle.lease.LeasePhase;
import io.kafkabluegreen.lifecycle.lease.LeaseState;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What one group member tells the group leader in its subscription: its revision, the Lease as it
 * last saw it, and whether an explicit pause holds it. The leader's {@link ColorAssignor} trusts
 * the highest epoch any member saw, so a member with a stale view cannot win partitions for its
 * color.
 *
 * @param hash the member's pod-template hash
 * @param epoch the epoch of the Lease it saw; -1 when it has not read the Lease yet
 * @param holder that Lease's holder
 * @param active that Lease's phase is Active
 * @param held an explicit pause holds this member (it takes no partition whatever the Lease says)
 */
public record MemberLease(String hash, long epoch, String holder, boolean active, boolean held) {

  private static final byte VERSION = 1;

  public MemberLease {
    hash = hash == null ? "" : hash;
    holder = holder == null ? "" : holder;
  }

  public static MemberLease of(String hash, Optional<LeaseState> lease, boolean held) {
    return lease
        .map(
            l -> new MemberLease(hash, l.epoch(), l.holder(), l.phase() == LeasePhase.ACTIVE, held))
        .orElseGet(() -> new MemberLease(hash, -1, "", false, held));
  }

  /** The hash this Lease lets consume, if any. */
  Optional<String> allowed() {
    return active && !holder.isEmpty() ? Optional.of(holder) : Optional.empty();
  }

  public ByteBuffer encode() {
    byte[] h = hash.getBytes(StandardCharsets.UTF_8);
    byte[] o = holder.getBytes(StandardCharsets.UTF_8);
    ByteBuffer buffer = ByteBuffer.allocate(1 + 8 + 1 + 4 + h.length + 4 + o.length);
    buffer.put(VERSION).putLong(epoch);
    buffer.put((byte) ((active ? 1 : 0) | (held ? 2 : 0)));
    buffer.putInt(h.length).put(h).putInt(o.length).put(o);
    return buffer.flip();
  }

  /**
   * Decodes a member's user data; empty for a member that sent none or something this version does
   * not understand (such a member is given nothing).
   */
  public static Optional<MemberLease> decode(ByteBuffer data) {
    if (data == null) {
      return Optional.empty();
    }
    ByteBuffer b = data.duplicate();
    try {
      if (b.get() != VERSION) {
        return Optional.empty();
      }
      long epoch = b.getLong();
      byte flags = b.get();
      String hash = string(b);
      String holder = string(b);
      return Optional.of(new MemberLease(hash, epoch, holder, (flags & 1) != 0, (flags & 2) != 0));
    } catch (BufferUnderflowException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static String string(ByteBuffer b) {
    int length = b.getInt();
    if (length < 0 || length > b.remaining()) {
      throw new IllegalArgumentException("bad length " + length);
    }
    byte[] bytes = new byte[length];
    b.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
