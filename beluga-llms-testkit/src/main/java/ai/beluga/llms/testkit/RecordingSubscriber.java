package ai.beluga.llms.testkit;

import ai.beluga.llms.StreamEvent;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A subscriber that asks for one event at a time, records what it receives, and notes every breach of the
 * {@code Flow} rules it can see: more events than requested, overlapping signals, signals after the end, a second
 * subscription.
 */
final class RecordingSubscriber implements Flow.Subscriber<StreamEvent> {
  private final List<StreamEvent> events = new CopyOnWriteArrayList<>();
  private final List<String> violations = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private final AtomicLong requested = new AtomicLong();
  private final AtomicBoolean signalling = new AtomicBoolean();
  private volatile Flow.Subscription subscription;
  private volatile boolean requestAfterEach;

  /**
   * @param requestAfterEach whether to ask for the next event as each one arrives; if not, the test asks with
   *     {@link #request(long)}
   */
  RecordingSubscriber(boolean requestAfterEach) {
    this.requestAfterEach = requestAfterEach;
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    if (this.subscription != null) {
      violations.add("onSubscribe was called twice");
      subscription.cancel();
      return;
    }
    this.subscription = subscription;
    request(1);
  }

  @Override
  public void onNext(StreamEvent item) {
    enter("onNext");
    try {
      if (done.isDone()) {
        violations.add("onNext(" + item.getClass().getSimpleName() + ") after the stream ended");
      }
      events.add(item);
      if (events.size() > requested.get()) {
        violations.add("event #" + (events.size() - 1) + " was delivered but only " + requested.get()
            + " were requested");
      }
    } finally {
      leave();
    }
    if (requestAfterEach) {
      request(1);
    }
  }

  @Override
  public void onError(Throwable throwable) {
    enter("onError");
    try {
      if (!done.completeExceptionally(throwable)) {
        violations.add("onError after the stream had already ended");
      }
    } finally {
      leave();
    }
  }

  @Override
  public void onComplete() {
    enter("onComplete");
    try {
      if (!done.complete(null)) {
        violations.add("onComplete after the stream had already ended");
      }
    } finally {
      leave();
    }
  }

  /** Asks for more events; counted before the request, so that an event it triggers at once is accounted for. */
  void request(long n) {
    requested.addAndGet(n);
    subscription.request(n);
  }

  /** From now on, asks for the next event as each one arrives, and asks for one now. */
  void requestOneAfterEach() {
    requestAfterEach = true;
    request(1);
  }

  void cancel() {
    subscription.cancel();
  }

  List<StreamEvent> events() {
    return List.copyOf(events);
  }

  List<String> violations() {
    return List.copyOf(violations);
  }

  CompletableFuture<Void> done() {
    return done;
  }

  private void enter(String signal) {
    if (!signalling.compareAndSet(false, true)) {
      violations.add(signal + " overlapped another signal; Flow signals must be serialized");
    }
  }

  private void leave() {
    signalling.set(false);
  }
}
