package ai.beluga.llms.internal;

import java.util.concurrent.Flow;

/**
 * Internal API: may change in any release.
 *
 * <p>The subscription a subscriber holds while the stream it reads is served by an upstream subscription that comes
 * later, or is replaced by another one: it keeps the demand requested so far, the current upstream and whether the
 * subscriber has cancelled. {@link #attach} passes the kept demand on to a new upstream, or cancels it at once if the
 * subscriber has cancelled; {@link #request} and {@link #cancel} are passed on to the upstream attached at the time.
 *
 * <p>The demand kept is everything requested so far; events delivered are not subtracted from it. Passing it in full
 * to a new upstream is therefore exact only when no event was delivered from an earlier one, so an owner must switch
 * upstreams only before the first event. Every method may be called from any thread; the state is guarded by this
 * object's lock, and no upstream is called while it is held.
 */
public final class SwitchableSubscription implements Flow.Subscription {
  private final Runnable onCancel;
  private long requested;
  private Flow.Subscription upstream;
  private boolean cancelled;

  /** A subscription with nothing of its own to do on cancellation. */
  public SwitchableSubscription() {
    this(() -> {});
  }

  /**
   * A subscription that runs {@code onCancel} once, on the first cancellation, before cancelling the upstream.
   *
   * @param onCancel what the owner does on cancellation, such as dropping a scheduled start; run without the lock
   */
  public SwitchableSubscription(Runnable onCancel) {
    this.onCancel = onCancel;
  }

  /**
   * Makes {@code subscription} the upstream and requests the demand kept so far from it, or cancels it if the
   * subscriber has cancelled.
   *
   * @param subscription the new upstream, as given to the owner's {@link Flow.Subscriber#onSubscribe}
   */
  public void attach(Flow.Subscription subscription) {
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

  /**
   * Forgets the current upstream, which has ended, before another one is attached.
   *
   * @return false if the subscriber has cancelled, when no other upstream should be started
   */
  public synchronized boolean detach() {
    upstream = null;
    return !cancelled;
  }

  /**
   * Tells whether the subscriber has cancelled.
   *
   * @return true once {@link #cancel} was called
   */
  public synchronized boolean isCancelled() {
    return cancelled;
  }

  /**
   * Adds a positive {@code n} to the demand kept, and passes {@code n} on to the current upstream, an invalid one too,
   * so that the upstream reports it to the subscriber as the Reactive Streams rules ask.
   */
  @Override
  public void request(long n) {
    Flow.Subscription current;
    synchronized (this) {
      if (n > 0) {
        requested = requested + n < 0 ? Long.MAX_VALUE : requested + n;
      }
      current = upstream;
    }
    if (current != null) {
      current.request(n);
    }
  }

  /** Marks the subscriber as cancelled, runs the owner's cancellation once, and cancels the current upstream. */
  @Override
  public void cancel() {
    Flow.Subscription current;
    synchronized (this) {
      if (cancelled) {
        return;
      }
      cancelled = true;
      current = upstream;
    }
    onCancel.run();
    if (current != null) {
      current.cancel();
    }
  }
}
