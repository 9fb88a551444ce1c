package ai.beluga.llms.flow;

import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The subscription between one producer of events and one {@link Flow.Subscriber}, for a provider that produces
 * events itself (on a vendor SDK's callbacks, say) rather than through the shared HTTP engine: it queues what the producer
 * pushes, hands the subscriber no more than it requested, delivers completion or failure only after every queued
 * event (except the error for a non-positive request, which comes at once), and tells the producer when there is
 * unmet demand ({@link Upstream#onDemand()}) so that it can read more bytes, and when the subscriber cancels
 * ({@link Upstream#onCancel()}) so that it can abort the exchange.
 *
 * <p>The producer side ({@link #push}, {@link #complete}, {@link #fail}) may be called from any thread, but not
 * concurrently; the subscriber side may be called from any thread at any time. Signals to the subscriber are
 * serialized by a work-in-progress counter, so they never overlap, as the Reactive Streams rules require.
 *
 * <pre>{@code
 * // A provider's stream: ChatStream.of(subscriber -> ...), started when the caller consumes it.
 * ChatStream stream = ChatStream.of(subscriber -> {
 *   EventChannel<StreamEvent> channel = new EventChannel<>(subscriber);
 *   SdkCall call = sdk.startStream(request, new SdkHandler() {
 *     public void onEvent(SdkEvent e) { channel.push(translate(e)); }
 *     public void onDone() { channel.complete(); }
 *     public void onError(Throwable t) { channel.fail(classify(t)); }
 *   });
 *   channel.start(new EventChannel.Upstream() {
 *     public void onDemand() { call.requestMore(); }   // read on only while the subscriber wants more
 *     public void onCancel() { call.abort(); }         // ChatStream.close() and Flow cancel end here
 *   });
 * });
 * }</pre>
 *
 * @param <T> the event type
 * @since 0.1.0
 */
public final class EventChannel<T> implements Flow.Subscription {
  private final Flow.Subscriber<? super T> subscriber;
  private final Queue<T> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicLong requested = new AtomicLong();
  private final AtomicInteger wip = new AtomicInteger();
  private final AtomicBoolean terminated = new AtomicBoolean();
  private final AtomicBoolean cancelled = new AtomicBoolean();
  private final AtomicBoolean upstreamCancelled = new AtomicBoolean();
  private volatile boolean done;
  private volatile boolean rejected;
  private volatile Throwable error;
  private volatile Upstream upstream = Upstream.NONE;

  /**
   * Creates a channel to a subscriber; call {@link #start(Upstream)} to hand the subscriber its subscription.
   *
   * @param subscriber the subscriber
   */
  public EventChannel(Flow.Subscriber<? super T> subscriber) {
    this.subscriber = Objects.requireNonNull(subscriber, "subscriber");
  }

  /**
   * Connects the producer and calls the subscriber's {@code onSubscribe}.
   *
   * @param upstream the producer's callbacks
   */
  public void start(Upstream upstream) {
    this.upstream = Objects.requireNonNull(upstream, "upstream");
    subscriber.onSubscribe(this);
  }

  /**
   * Queues an event and delivers what demand allows.
   *
   * @param event the event
   */
  public void push(T event) {
    if (done || cancelled.get()) {
      return;
    }
    if (wip.get() == 0 && wip.compareAndSet(0, 1)) {
      // Fast path (issue 6 (b)): nothing queued, nobody draining, and demand: hand the event straight to the
      // subscriber, without a queue node and the queue's and counters' atomics.
      long wanted = requested.get();
      if (wanted != 0 && !rejected && !cancelled.get() && queue.isEmpty()) {
        subscriber.onNext(event);
        if (wanted != Long.MAX_VALUE) {
          requested.decrementAndGet();
        }
        if (wip.decrementAndGet() == 0) {
          return;
        }
      } else {
        queued.incrementAndGet();
        queue.offer(event);
      }
      // This thread owns the counter: deliver what was queued meanwhile, or what it just queued.
      drainLoop();
      return;
    }
    queued.incrementAndGet();
    queue.offer(event);
    drain();
  }

  /** Ends the stream normally, after the queued events. */
  public void complete() {
    done = true;
    drain();
  }

  /**
   * Ends the stream with a failure, after the queued events; later calls are ignored.
   *
   * @param failure the failure
   */
  public void fail(Throwable failure) {
    if (done) {
      return;
    }
    error = failure;
    done = true;
    drain();
  }

  /**
   * {@return whether the subscriber asked for more events than are queued}
   */
  public boolean hasDemand() {
    return !cancelled.get() && requested.get() > queued.get();
  }

  /**
   * {@return whether the producer should read more input: the subscriber asked for more events than are queued, or
   * nothing is queued at all}
   *
   * <p>The second case is a read-ahead of one network read at most. Without it, a subscriber that requests exactly
   * the number of events in a stream never gets {@code onComplete} (or a late {@code onError}): the end of the body,
   * which the Reactive Streams rules let us signal without demand, sits unread until the subscriber asks for an event
   * that will never come.
   */
  public boolean wantsMore() {
    return !cancelled.get() && !done && (requested.get() > queued.get() || queued.get() == 0);
  }

  /**
   * {@return whether the subscriber cancelled}
   */
  public boolean isCancelled() {
    return cancelled.get();
  }

  /**
   * {@return whether completion or failure has been signalled by the producer}
   */
  public boolean isDone() {
    return done;
  }

  @Override
  public void request(long n) {
    if (n <= 0) {
      // Reactive Streams rule 3.9: a non-positive request is a subscriber bug, reported through onError. It goes
      // ahead of queued events, which could otherwise hold it back for want of demand that will never come. Fail
      // first, then cancel: cancelling first let the producer's own failure (a CANCELLED from the aborted exchange)
      // win.
      error = new IllegalArgumentException("request(" + n + ") must ask for a positive number of events");
      rejected = true;
      done = true;
      drain();
      cancelUpstream();
      return;
    }
    long current;
    long next;
    do {
      current = requested.get();
      next = current + n < 0 ? Long.MAX_VALUE : current + n;
    } while (!requested.compareAndSet(current, next));
    drain();
    if (wantsMore()) {
      upstream.onDemand();
    }
  }

  @Override
  public void cancel() {
    if (cancelled.compareAndSet(false, true)) {
      cancelUpstream();
      if (wip.getAndIncrement() == 0) {
        queue.clear();
        wip.set(0);
      }
    }
  }

  private void cancelUpstream() {
    // Both a bad request and cancel() cancel upstream; the producer hears of it once.
    if (upstreamCancelled.compareAndSet(false, true)) {
      upstream.onCancel();
    }
  }

  private void drain() {
    if (wip.getAndIncrement() != 0) {
      return;
    }
    drainLoop();
  }

  /** Delivers what demand allows; called by the one thread that owns the work-in-progress counter. */
  private void drainLoop() {
    int missed = 1;
    while (true) {
      if (rejected) {
        queue.clear();
        terminate();
        return;
      }
      long wanted = requested.get();
      long emitted = 0;
      while (emitted != wanted) {
        if (cancelled.get()) {
          queue.clear();
          return;
        }
        boolean finished = done;
        T event = queue.poll();
        if (event == null) {
          if (finished) {
            terminate();
            return;
          }
          break;
        }
        queued.decrementAndGet();
        subscriber.onNext(event);
        emitted++;
      }
      if (emitted == wanted) {
        if (cancelled.get()) {
          queue.clear();
          return;
        }
        if (done && queue.isEmpty()) {
          terminate();
          return;
        }
      }
      if (emitted != 0 && wanted != Long.MAX_VALUE) {
        requested.addAndGet(-emitted);
      }
      missed = wip.addAndGet(-missed);
      if (missed == 0) {
        return;
      }
    }
  }

  private void terminate() {
    if (terminated.compareAndSet(false, true) && !cancelled.get()) {
      Throwable failure = error;
      if (failure != null) {
        subscriber.onError(failure);
      } else {
        subscriber.onComplete();
      }
    }
  }

  /** What the producer is told by the subscriber side. */
  public interface Upstream {
    /** An upstream with nothing to do. */
    Upstream NONE = new Upstream() {
      @Override
      public void onDemand() {}

      @Override
      public void onCancel() {}
    };

    /**
     * The producer should produce more when possible: the subscriber wants more events than are queued, or nothing is
     * queued (see {@link EventChannel#wantsMore()}). Must not block.
     */
    void onDemand();

    /** The subscriber cancelled; stop producing and release resources. Called at most once. Must not block. */
    void onCancel();
  }
}
