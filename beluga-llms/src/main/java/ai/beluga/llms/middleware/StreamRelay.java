package ai.beluga.llms.middleware;

import ai.beluga.llms.ChatStream;
import ai.beluga.llms.StreamEvent;
import java.util.Objects;
import java.util.concurrent.Flow;

/**
 * One stream of a decorator whose upstream starts later than the subscription and may be replaced before its first
 * event: the deferred-start relay that retry (a new attempt), rate limiting (a start when the permit's turn comes) and
 * fallback (the next model) all are. The subscriber gets its subscription at once; its demand is kept until an upstream
 * is attached and passed to each upstream in full, which is exact because an upstream is only replaced before anything
 * was delivered; its cancellation reaches the current upstream, or stops the next one from starting.
 *
 * <p>A subclass is one policy: {@link #begin()} starts the first upstream (now or later) through
 * {@link #relayFrom(ChatStream)}, and {@link #upstreamFailed} decides, on a failure, between another upstream (only
 * while {@code delivered} is false) and {@link #fail(Throwable)}. Upstreams are taken over with
 * {@link ChatStream#handOver}, so no pass-through subscriber is added per layer.
 *
 * <p>Thread-safe: the subscription may be used from any thread; the upstream's signals arrive one at a time.
 */
abstract class StreamRelay implements Flow.Publisher<StreamEvent>, Flow.Subscription {
  private Flow.Subscriber<? super StreamEvent> downstream;
  private boolean subscribed;
  private long requested;
  private Flow.Subscription upstream;
  private boolean cancelled;
  private volatile boolean delivered;

  @Override
  public final void subscribe(Flow.Subscriber<? super StreamEvent> subscriber) {
    Objects.requireNonNull(subscriber, "subscriber");
    boolean first;
    synchronized (this) {
      first = !subscribed;
      if (first) {
        subscribed = true;
        downstream = subscriber;
      }
    }
    if (!first) {
      refuse(subscriber);
      return;
    }
    subscriber.onSubscribe(this);
    begin();
  }

  /**
   * Starts the first upstream, at once or later, with {@link #relayFrom(ChatStream)}, or ends the stream with
   * {@link #fail(Throwable)}. Called once, on the subscribing thread, after the subscriber has its subscription.
   */
  protected abstract void begin();

  /**
   * The current upstream failed. While nothing was delivered the policy may start another upstream (at once or after
   * a wait) with {@link #relayFrom(ChatStream)}; otherwise, or when it gives up, it calls {@link #fail(Throwable)}.
   *
   * @param error what the upstream reported
   * @param delivered whether any event reached the subscriber; if so, no other upstream may be started
   */
  protected abstract void upstreamFailed(Throwable error, boolean delivered);

  /**
   * Sees each event on its way down and returns the event to deliver.
   *
   * @param event the upstream's event
   * @return the event for the subscriber
   * @implSpec The default returns the event unchanged.
   */
  protected StreamEvent onEvent(StreamEvent event) {
    return event;
  }

  /**
   * Called when the upstream completes, just before the subscriber hears of it.
   *
   * @implSpec The default does nothing.
   */
  protected void upstreamCompleted() {}

  /**
   * Called once when the subscriber cancels, after the current upstream (if any) was cancelled: drop a pending start,
   * give back what was taken for an upstream that never started.
   *
   * @implSpec The default does nothing.
   */
  protected void cancelled() {}

  /** {@return whether the subscriber cancelled} */
  protected final synchronized boolean isCancelled() {
    return cancelled;
  }

  /**
   * Relays from this stream next: the first upstream, or one that replaces a failed upstream before anything was
   * delivered. A stream given after the subscriber cancelled is closed unread.
   *
   * @param stream the upstream
   * @throws IllegalStateException if an event was already delivered
   */
  protected final void relayFrom(ChatStream stream) {
    if (delivered) {
      throw new IllegalStateException("a relayed stream cannot change its upstream after its first event");
    }
    boolean stop;
    synchronized (this) {
      upstream = null;
      stop = cancelled;
    }
    if (stop) {
      stream.close();
      return;
    }
    stream.handOver(new Leg());
  }

  /**
   * Ends the stream with an error.
   *
   * @param error the error for the subscriber
   */
  protected final void fail(Throwable error) {
    downstream.onError(error);
  }

  @Override
  public final void request(long n) {
    Flow.Subscription current;
    synchronized (this) {
      if (n > 0) {
        requested = requested + n < 0 ? Long.MAX_VALUE : requested + n;
      }
      current = upstream;
    }
    // A non-positive request goes to the upstream, which reports it (Reactive Streams rule 3.9).
    if (current != null) {
      current.request(n);
    }
  }

  @Override
  public final void cancel() {
    Flow.Subscription current;
    synchronized (this) {
      if (cancelled) {
        return;
      }
      cancelled = true;
      current = upstream;
    }
    if (current != null) {
      current.cancel();
    }
    cancelled();
  }

  private void attach(Flow.Subscription subscription) {
    long demand;
    synchronized (this) {
      if (cancelled) {
        demand = -1;
      } else {
        upstream = subscription;
        demand = requested;
      }
    }
    if (demand < 0) {
      subscription.cancel();
    } else if (demand > 0) {
      subscription.request(demand);
    }
  }

  private static void refuse(Flow.Subscriber<? super StreamEvent> second) {
    second.onSubscribe(new Flow.Subscription() {
      @Override
      public void request(long n) {}

      @Override
      public void cancel() {}
    });
    second.onError(new IllegalStateException("a stream can be subscribed to once"));
  }

  /** The subscriber to one upstream. */
  private final class Leg implements Flow.Subscriber<StreamEvent> {
    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      attach(subscription);
    }

    @Override
    public void onNext(StreamEvent item) {
      delivered = true;
      downstream.onNext(onEvent(item));
    }

    @Override
    public void onError(Throwable throwable) {
      upstreamFailed(throwable, delivered);
    }

    @Override
    public void onComplete() {
      upstreamCompleted();
      downstream.onComplete();
    }
  }
}
