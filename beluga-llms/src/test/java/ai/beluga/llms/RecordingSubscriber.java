package ai.beluga.llms;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A test subscriber that asks for events only when told to, and records anything a publisher delivers beyond what it
 * asked for. Requests made from {@link #onNext} (with {@code requestOneInOnNext}) exercise the re-entrant path.
 */
public final class RecordingSubscriber<T> implements Flow.Subscriber<T> {
  private final long initialRequest;
  private final boolean requestOneInOnNext;
  private final List<T> items = Collections.synchronizedList(new ArrayList<>());
  private final AtomicLong outstanding = new AtomicLong();
  private final AtomicInteger overDelivered = new AtomicInteger();
  private final AtomicInteger terminalSignals = new AtomicInteger();
  private final AtomicInteger signalsAfterTerminal = new AtomicInteger();
  private final CountDownLatch subscribed = new CountDownLatch(1);
  private final CountDownLatch terminated = new CountDownLatch(1);
  private volatile Flow.Subscription subscription;
  private volatile Throwable error;
  private volatile boolean completed;

  private RecordingSubscriber(long initialRequest, boolean requestOneInOnNext) {
    this.initialRequest = initialRequest;
    this.requestOneInOnNext = requestOneInOnNext;
  }

  /** A subscriber that asks for {@code initial} events on subscribing, then only when {@link #request} is called. */
  public static <T> RecordingSubscriber<T> requesting(long initial) {
    return new RecordingSubscriber<>(initial, false);
  }

  /** A subscriber that asks for one event on subscribing and one more from inside each {@code onNext}. */
  public static <T> RecordingSubscriber<T> oneAtATimeFromOnNext() {
    return new RecordingSubscriber<>(1, true);
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    subscribed.countDown();
    if (initialRequest > 0) {
      request(initialRequest);
    }
  }

  @Override
  public void onNext(T item) {
    if (terminated.getCount() == 0) {
      signalsAfterTerminal.incrementAndGet();
    }
    if (outstanding.decrementAndGet() < 0) {
      overDelivered.incrementAndGet();
    }
    items.add(item);
    if (requestOneInOnNext) {
      request(1);
    }
  }

  @Override
  public void onError(Throwable throwable) {
    error = throwable;
    terminal();
  }

  @Override
  public void onComplete() {
    completed = true;
    terminal();
  }

  /** Asks for {@code n} more events, counting them as outstanding before the publisher can deliver any. */
  public void request(long n) {
    if (n > 0) {
      outstanding.accumulateAndGet(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
    }
    subscription.request(n);
  }

  public void cancel() {
    subscription.cancel();
  }

  /** Waits for the {@code count}-th item; returns false if it did not arrive within the timeout. */
  public boolean awaitItems(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (items.size() < count) {
      if (System.nanoTime() > deadline || terminated.getCount() == 0 && items.size() < count) {
        return items.size() >= count;
      }
      Thread.sleep(1);
    }
    return true;
  }

  public boolean awaitSubscribed(Duration timeout) throws InterruptedException {
    return subscribed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public boolean awaitTerminal(Duration timeout) throws InterruptedException {
    return terminated.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public List<T> items() {
    synchronized (items) {
      return List.copyOf(items);
    }
  }

  public int overDelivered() {
    return overDelivered.get();
  }

  public int terminalSignals() {
    return terminalSignals.get();
  }

  public int signalsAfterTerminal() {
    return signalsAfterTerminal.get();
  }

  public boolean completed() {
    return completed;
  }

  public Throwable error() {
    return error;
  }

  private void terminal() {
    if (terminalSignals.incrementAndGet() > 1) {
      signalsAfterTerminal.incrementAndGet();
    }
    terminated.countDown();
  }
}
