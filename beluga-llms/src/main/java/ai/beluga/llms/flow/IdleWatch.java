package ai.beluga.llms.flow;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Ends a stream that goes silent: once {@link #start() started}, it calls {@code onIdle} once if no
 * {@link #touch() activity} is seen for the idle timeout while the consumer is waiting for more. A consumer that is
 * not asking for more is a slow reader, not a silent server, so that time does not count. This is the
 * {@code ChatOptions.streamIdleTimeout} of the HTTP engine, for providers that produce their streams themselves.
 *
 * <p>One check per idle period rather than a timer reset per read: {@link #touch()} only writes a timestamp, and the
 * check re-arms itself for the time that is left.
 *
 * <pre>{@code
 * IdleWatch idle = new IdleWatch(context.scheduler(), Duration.ofSeconds(120), channel::hasDemand,
 *     () -> { channel.fail(timeout()); sdkCall.abort(); });
 * idle.start();          // when the body starts to flow
 * idle.touch();          // on every event or byte received
 * idle.stop();           // on completion, failure or cancel
 * }</pre>
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class IdleWatch {
  private final ScheduledExecutorService scheduler;
  private final long idleNanos;
  private final BooleanSupplier waiting;
  private final Runnable onIdle;
  private volatile long lastActivity;
  private volatile boolean stopped;
  private volatile ScheduledFuture<?> check;

  /**
   * Creates a watch; nothing runs until {@link #start()}.
   *
   * @param scheduler where the checks run; they are short and never block
   * @param idleTimeout how long a waiting consumer may see no activity, positive
   * @param waiting whether the consumer is waiting for more (silence counts only then)
   * @param onIdle called once, on the scheduler's thread, when the timeout passes; it fails the stream and aborts the
   *     producer
   * @throws IllegalArgumentException if the timeout is not positive
   * @since 0.1.0
   */
  public IdleWatch(ScheduledExecutorService scheduler, Duration idleTimeout, BooleanSupplier waiting,
      Runnable onIdle) {
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    if (idleTimeout.isZero() || idleTimeout.isNegative()) {
      throw new IllegalArgumentException("idleTimeout must be positive, was " + idleTimeout);
    }
    this.idleNanos = idleTimeout.toNanos();
    this.waiting = Objects.requireNonNull(waiting, "waiting");
    this.onIdle = Objects.requireNonNull(onIdle, "onIdle");
  }

  /**
   * Starts watching, counting from now.
   *
   * @throws RejectedExecutionException if the scheduler refuses the first check
   * @since 0.1.0
   */
  public void start() {
    touch();
    schedule(idleNanos);
  }

  /**
   * Records activity: an event or bytes arrived.
   *
   * @since 0.1.0
   */
  public void touch() {
    lastActivity = System.nanoTime();
  }

  /**
   * Stops watching; {@code onIdle} is not called after this returns, unless it was already running.
   *
   * @since 0.1.0
   */
  public void stop() {
    stopped = true;
    ScheduledFuture<?> pending = check;
    if (pending != null) {
      pending.cancel(false);
    }
  }

  private void schedule(long delayNanos) {
    if (!stopped) {
      check = scheduler.schedule(this::check, delayNanos, TimeUnit.NANOSECONDS);
    }
  }

  private void check() {
    if (stopped) {
      return;
    }
    long now = System.nanoTime();
    if (!waiting.getAsBoolean()) {
      lastActivity = now;
    }
    long silent = now - lastActivity;
    if (silent < idleNanos) {
      try {
        schedule(idleNanos - silent);
      } catch (RejectedExecutionException e) {
        // The scheduler was shut down: nothing can watch any more, and the stream goes on unwatched.
        stopped = true;
      }
      return;
    }
    stopped = true;
    onIdle.run();
  }
}
