package ai.beluga.llms.testkit.engine;

import ai.beluga.llms.StreamEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A subscriber that requests only what the test tells it to, and records every signal it gets, checking that no more
 * events arrive than were requested and that at most one terminal signal arrives.
 */
final class RecordingSubscriber implements Flow.Subscriber<StreamEvent> {
  private final long initialRequest;
  private final List<StreamEvent> events = new CopyOnWriteArrayList<>();
  private final List<String> violations = new CopyOnWriteArrayList<>();
  private final CountDownLatch subscribed = new CountDownLatch(1);
  private final CountDownLatch terminated = new CountDownLatch(1);
  private final AtomicInteger terminalSignals = new AtomicInteger();
  private volatile Flow.Subscription subscription;
  private volatile long requested;
  private volatile Throwable error;
  private volatile boolean completed;

  RecordingSubscriber(long initialRequest) {
    this.initialRequest = initialRequest;
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
  public void onNext(StreamEvent item) {
    if (terminalSignals.get() > 0) {
      violations.add("onNext after a terminal signal: " + item);
    }
    events.add(item);
    if (events.size() > requested) {
      violations.add("event " + events.size() + " arrived with only " + requested + " requested: " + item);
    }
  }

  @Override
  public void onError(Throwable throwable) {
    error = throwable;
    terminal("onError " + throwable);
  }

  @Override
  public void onComplete() {
    completed = true;
    terminal("onComplete");
  }

  void request(long n) {
    synchronized (this) {
      requested += n;
    }
    subscription.request(n);
  }

  void cancel() {
    subscription.cancel();
  }

  boolean awaitTermination(Duration timeout) throws InterruptedException {
    return terminated.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  boolean awaitEvents(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (events.size() < count && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    return events.size() >= count;
  }

  List<StreamEvent> events() {
    return List.copyOf(events);
  }

  List<String> violations() {
    return List.copyOf(violations);
  }

  Throwable error() {
    return error;
  }

  boolean isCompleted() {
    return completed;
  }

  private void terminal(String signal) {
    if (terminalSignals.incrementAndGet() > 1) {
      violations.add("a second terminal signal: " + signal);
    }
    terminated.countDown();
  }
}
