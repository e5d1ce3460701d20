package io.kafkabluegreen.lifecycle.internal;

import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The poll thread's inbox. Unlike a BlockingQueue it can wait for a command without taking it, so
 * that the poll loop can stop at a record boundary (or cut a retry back-off short) and then handle
 * the command in its ordinary place. {@link #isEmpty()} is cheap enough to ask between records.
 */
final class Mailbox {

  private final ConcurrentLinkedQueue<Command> queue = new ConcurrentLinkedQueue<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition posted = lock.newCondition();
  private volatile Consumer<Command> rejecter;

  void post(Command command) {
    queue.add(command);
    lock.lock();
    try {
      posted.signalAll();
    } finally {
      lock.unlock();
    }
    if (rejecter != null) {
      rejectWaiting(); // the poll thread has ended: nobody else will answer this command
    }
  }

  /** From now on every command, waiting or posted later, is answered by {@code reject}. */
  void close(Consumer<Command> reject) {
    rejecter = reject;
    rejectWaiting();
  }

  private void rejectWaiting() {
    Command command;
    while ((command = queue.poll()) != null) {
      rejecter.accept(command);
    }
  }

  boolean isEmpty() {
    return queue.isEmpty();
  }

  Command poll() {
    return queue.poll();
  }

  /** Waits up to {@code timeout} for a command; true if one is waiting. */
  boolean await(Duration timeout) throws InterruptedException {
    long nanos = timeout.toNanos();
    lock.lock();
    try {
      while (queue.isEmpty() && nanos > 0) {
        nanos = posted.awaitNanos(nanos);
      }
      return !queue.isEmpty();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits without being interruptible-sensitive callers having to care; true if a command waits.
   */
  boolean awaitQuietly(Duration timeout) {
    try {
      return await(timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !queue.isEmpty();
    }
  }

  static long elapsedMillis(long sinceNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sinceNanos);
  }
}
