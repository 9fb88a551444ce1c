package ai.beluga.llms.internal;

import ai.beluga.llms.errors.ErrorClassifier;
import ai.beluga.llms.errors.ErrorCode;
import ai.beluga.llms.errors.LlmException;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.Flow;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Internal API: may change in any release.
 *
 * <p>Turns a publisher into a blocking iterator: it requests a small batch ahead, parks the consuming thread until an
 * event, the end or a failure arrives, and requests more as events are taken. An interrupt while waiting cancels the
 * subscription (aborting the exchange) and surfaces as {@link ErrorCode#CANCELLED} with the interrupt flag set again.
 * {@link #close()} cancels and makes {@link #hasNext()} return {@code false}.
 *
 * @param <T> the event type
 */
public final class BlockingEventIterator<T> implements Iterator<T>, Flow.Subscriber<T>, AutoCloseable {
  private static final int PREFETCH = 32;
  private static final int REPLENISH = PREFETCH / 2;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<T> buffer = new ArrayDeque<>(PREFETCH);
  private Flow.Subscription subscription;
  private boolean completed;
  private boolean closed;
  private Throwable failure;
  private int takenSinceRequest;
  /**
   * Threads parked in {@link #hasNext()} (guarded by the lock). An event wakes the reader only when it is parked: a
   * reader that is busy with earlier events finds later ones in the buffer, so a burst of events decoded from one
   * network buffer costs one wake-up, not one per event (issue 6 (b)).
   */
  private int waiting;

  /** Creates an iterator that is not yet subscribed to anything. */
  public BlockingEventIterator() {}

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    boolean cancelNow;
    lock.lock();
    try {
      cancelNow = closed || this.subscription != null;
      if (!cancelNow) {
        this.subscription = subscription;
      }
    } finally {
      lock.unlock();
    }
    if (cancelNow) {
      subscription.cancel();
    } else {
      subscription.request(PREFETCH);
    }
  }

  @Override
  public void onNext(T item) {
    lock.lock();
    try {
      if (!closed) {
        buffer.add(item);
        if (waiting != 0) {
          changed.signalAll();
        }
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void onError(Throwable throwable) {
    lock.lock();
    try {
      failure = throwable;
      completed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void onComplete() {
    lock.lock();
    try {
      completed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean hasNext() {
    lock.lock();
    try {
      return available();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public T next() {
    T item;
    boolean requestMore = false;
    lock.lock();
    try {
      // One lock for both the check and the take: the reader's half of the hand-off costs one lock per event.
      if (!available()) {
        throw new NoSuchElementException("the stream has ended");
      }
      item = buffer.poll();
      if (++takenSinceRequest >= REPLENISH && !completed) {
        takenSinceRequest = 0;
        requestMore = true;
      }
    } finally {
      lock.unlock();
    }
    if (requestMore && subscription != null) {
      subscription.request(REPLENISH);
    }
    return item;
  }

  /** Waits for an event or the end; called with the lock held, and returns with it held. */
  private boolean available() {
    while (buffer.isEmpty() && !completed && !closed) {
      waiting++;
      try {
        changed.await();
      } catch (InterruptedException e) {
        closed = true;
        lock.unlock();
        try {
          cancelSubscription();
        } finally {
          lock.lock();
        }
        Thread.currentThread().interrupt();
        throw LlmException.builder(ErrorCode.CANCELLED,
            "the thread reading the stream was interrupted; the request was aborted").cause(e).build();
      } finally {
        waiting--;
      }
    }
    if (!buffer.isEmpty()) {
      return true;
    }
    if (closed) {
      return false;
    }
    if (failure != null) {
      throw asLlmException(failure);
    }
    return false;
  }

  /** Cancels the subscription and ends iteration; safe to call from any thread, more than once. */
  @Override
  public void close() {
    boolean wasClosed;
    lock.lock();
    try {
      wasClosed = closed;
      closed = true;
      buffer.clear();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    if (!wasClosed) {
      cancelSubscription();
    }
  }

  private void cancelSubscription() {
    Flow.Subscription current;
    boolean ended;
    lock.lock();
    try {
      current = subscription;
      // Read under the lock: completed is written by the producer's thread.
      ended = completed;
    } finally {
      lock.unlock();
    }
    if (current != null && !ended) {
      current.cancel();
    }
  }

  private static LlmException asLlmException(Throwable failure) {
    return failure instanceof LlmException ? (LlmException) failure
        : ErrorClassifier.fromThrowable(failure, null, null);
  }
}
