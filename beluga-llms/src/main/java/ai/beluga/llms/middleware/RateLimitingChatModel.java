package ai.beluga.llms.middleware;

import ai.beluga.llms.ChatModel;
import ai.beluga.llms.ChatRequest;
import ai.beluga.llms.ChatResponse;
import ai.beluga.llms.ChatStream;
import ai.beluga.llms.StreamEvent;
import ai.beluga.llms.errors.ErrorClassifier;
import ai.beluga.llms.errors.ErrorCode;
import ai.beluga.llms.errors.LlmException;
import ai.beluga.llms.internal.Defaults;
import ai.beluga.schema.Usage;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Middleware that sends calls through a {@link RateLimiter}: each {@code chat}, {@code chatAsync} and stream takes a
 * permit (one request and its estimated tokens) before it reaches the provider, and gives the provider's reported
 * usage back to the limiter once it succeeds. Factories add it with {@code LlmOption.rateLimiter(limiter)}, inside
 * retry and the user's middleware, right around the provider, so that each retry takes a permit of its own.
 *
 * <ul>
 *   <li><b>{@code chat}</b> waits on the calling thread; an interrupt ends the call with {@code CANCELLED}, sets the
 *       interrupt flag again and gives the permit back.
 *   <li><b>{@code chatAsync}</b> blocks no thread: it sends the call from the scheduler when its turn comes, and
 *       {@code cancel(true)} gives back a permit still waiting or aborts the call in flight.
 *   <li><b>A stream</b> takes its permit when it is subscribed to (first consumed), not when it is created, and waits
 *       on the scheduler too; its usage is read from the {@code UsageReported} events that pass through.
 *   <li><b>The wait is bounded by the call's deadline:</b> its {@code ChatOptions.timeout}, else the model's default
 *       timeout when it is known. When the wait would reach the deadline the call fails at once with
 *       {@code RATE_LIMIT}, whose {@code retryAfter()} is the wait; a call that waited is sent with the time left as
 *       its timeout.
 *   <li>{@code checkHealth} is not limited.
 * </ul>
 *
 * <pre>{@code
 * ChatModel limited = new RateLimitingChatModel(model, limiter);
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class RateLimitingChatModel extends ForwardingChatModel {
  private final RateLimiter limiter;
  private final long defaultTimeoutNanos;
  private final ScheduledExecutorService scheduler;

  /**
   * Wraps a model. A call without its own timeout waits as long as the limiter asks; asynchronous calls and streams
   * wait on the library's shared scheduler.
   *
   * @param delegate the model to limit
   * @param limiter the limiter, possibly shared with other models
   * @since 0.1.0
   */
  public RateLimitingChatModel(ChatModel delegate, RateLimiter limiter) {
    this(delegate, limiter, -1L, Defaults.scheduler());
  }

  /**
   * Wraps a model whose default timeout is known, waiting for asynchronous calls and streams on this scheduler.
   *
   * @param delegate the model to limit
   * @param limiter the limiter, possibly shared with other models
   * @param defaultTimeout the deadline of a call that sets no {@code ChatOptions.timeout}, usually the model's
   *     configured timeout; positive
   * @param scheduler the scheduler on which asynchronous calls and streams wait for their turn
   * @throws IllegalArgumentException if {@code defaultTimeout} is not positive
   * @since 0.1.0
   */
  public RateLimitingChatModel(ChatModel delegate, RateLimiter limiter, Duration defaultTimeout,
      ScheduledExecutorService scheduler) {
    this(delegate, limiter, positiveNanos(defaultTimeout), scheduler);
  }

  /**
   * Wraps a model, waiting for asynchronous calls and streams on this scheduler. A call without its own timeout waits
   * as long as the limiter asks.
   *
   * @param delegate the model to limit
   * @param limiter the limiter, possibly shared with other models
   * @param scheduler the scheduler on which asynchronous calls and streams wait for their turn
   * @since 0.1.0
   */
  public RateLimitingChatModel(ChatModel delegate, RateLimiter limiter, ScheduledExecutorService scheduler) {
    this(delegate, limiter, -1L, scheduler);
  }

  private RateLimitingChatModel(ChatModel delegate, RateLimiter limiter, long defaultTimeoutNanos,
      ScheduledExecutorService scheduler) {
    super(delegate);
    this.limiter = Objects.requireNonNull(limiter, "limiter");
    this.defaultTimeoutNanos = defaultTimeoutNanos;
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
  }

  /**
   * {@return the limiter}
   *
   * @since 0.1.0
   */
  public RateLimiter limiter() {
    return limiter;
  }

  /**
   * Waits for a permit on the calling thread, then sends the request.
   *
   * @param request the request
   * @return the answer
   * @throws LlmException {@code RATE_LIMIT} in {@link RateLimiter.Mode#FAIL_FAST} when no permit is free, or when the
   *     wait would pass the call's deadline; {@code CANCELLED} when the thread is interrupted while waiting; otherwise
   *     as the wrapped model throws
   */
  @Override
  public ChatResponse chat(ChatRequest request) {
    Call call = new Call(request);
    RateLimiter.Permit permit = call.acquire();
    if (permit.waitNanos > 0) {
      waitFor(permit, call);
    }
    ChatResponse response = delegate().chat(call.toSend(permit));
    limiter.settle(permit, response.usage());
    return response;
  }

  /**
   * Sends the request when a permit is free, without blocking: the wait runs on the scheduler.
   *
   * @param request the request
   * @return a future of the answer, failed as {@link #chat(ChatRequest)} would throw; {@code cancel(true)} gives a
   *     waiting permit back or aborts the call in flight
   */
  @Override
  public CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
    Call call = new Call(request);
    RateLimiter.Permit permit;
    try {
      permit = call.acquire();
    } catch (LlmException e) {
      return CompletableFuture.failedFuture(e);
    }
    LimitedFuture result = new LimitedFuture(permit);
    if (permit.waitNanos == 0) {
      send(call, result);
      return result;
    }
    try {
      result.current = scheduler.schedule(() -> send(call, result), permit.waitNanos, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      if (result.claim()) {
        limiter.release(permit);
      }
      result.completeExceptionally(call.schedulerRefused(e));
      return result;
    }
    if (result.isCancelled()) {
      result.current.cancel(false);
    }
    return result;
  }

  /**
   * Streams the answer; the stream takes its permit when it is first consumed, and waits for it on the scheduler.
   *
   * @param request the request
   * @return the stream, failing with {@code RATE_LIMIT} as {@link #chat(ChatRequest)} would throw
   */
  @Override
  public ChatStream stream(ChatRequest request) {
    return ChatStream.of(new Gate(request));
  }

  private void send(Call call, LimitedFuture result) {
    if (!result.claim()) {
      // Cancelled while waiting for its turn: the request was never sent, and cancel() gave the permit back.
      return;
    }
    RateLimiter.Permit permit = result.permit;
    CompletableFuture<ChatResponse> future;
    try {
      future = delegate().chatAsync(call.toSend(permit));
    } catch (RuntimeException e) {
      result.completeExceptionally(ErrorClassifier.fromThrowable(e, provider(), call.modelName()));
      return;
    }
    result.current = future;
    if (result.isDone()) {
      future.cancel(true);
      return;
    }
    future.whenComplete((response, error) -> {
      if (error == null) {
        limiter.settle(permit, response.usage());
        result.complete(response);
      } else {
        result.completeExceptionally(ErrorClassifier.fromThrowable(error, provider(), call.modelName()));
      }
    });
  }

  private void waitFor(RateLimiter.Permit permit, Call call) {
    long end = System.nanoTime() + permit.waitNanos;
    long left = permit.waitNanos;
    while (left > 0) {
      LockSupport.parkNanos(left);
      if (Thread.interrupted()) {
        limiter.release(permit);
        Thread.currentThread().interrupt();
        throw LlmException.builder(ErrorCode.CANCELLED,
            "the calling thread was interrupted while waiting for the rate limiter; the call was not sent")
            .provider(provider()).model(call.modelName()).build();
      }
      left = end - System.nanoTime();
    }
  }

  private static long positiveNanos(Duration timeout) {
    Objects.requireNonNull(timeout, "defaultTimeout");
    if (timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("defaultTimeout must be positive, was " + timeout);
    }
    return timeout.toNanos();
  }

  /** One call: its request, its deadline, and when it started. */
  private final class Call {
    private final ChatRequest request;
    private final long timeoutNanos;
    private final long start = System.nanoTime();

    Call(ChatRequest request) {
      this.request = Objects.requireNonNull(request, "request");
      this.timeoutNanos = request.options().timeout().map(Duration::toNanos).orElse(defaultTimeoutNanos);
    }

    RateLimiter.Permit acquire() {
      return limiter.acquire(RateLimiter.estimateTokens(request), timeoutNanos, provider(), modelName());
    }

    /**
     * The request to send: the caller's own when it did not wait, else with the time left as its timeout, so that the
     * wait and the call share one deadline.
     */
    ChatRequest toSend(RateLimiter.Permit permit) {
      if (permit.waitNanos == 0 || timeoutNanos < 0) {
        return request;
      }
      long left = Math.max(1, timeoutNanos - (System.nanoTime() - start));
      return request.withOptions(request.options().toBuilder().timeout(Duration.ofNanos(left)).build());
    }

    LlmException schedulerRefused(RuntimeException cause) {
      return LlmException.builder(ErrorCode.INVALID_CONFIG,
          "the scheduler refused to schedule a rate-limited call (was it shut down?); give the model a running"
              + " scheduler").provider(provider()).model(modelName()).cause(cause).build();
    }

    String modelName() {
      return request.options().model().orElse(model());
    }
  }

  /**
   * The caller's future: cancelling it gives back the permit of a call still waiting for its turn, or aborts the call
   * in flight. Whoever claims the permit first, the sender or the canceller, decides which.
   */
  private final class LimitedFuture extends CompletableFuture<ChatResponse> {
    final RateLimiter.Permit permit;
    private final AtomicBoolean claimed = new AtomicBoolean();
    volatile Future<?> current;

    LimitedFuture(RateLimiter.Permit permit) {
      this.permit = permit;
    }

    boolean claim() {
      return claimed.compareAndSet(false, true);
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      boolean cancelled = super.cancel(mayInterruptIfRunning);
      if (cancelled && claim()) {
        limiter.release(permit);
      }
      Future<?> running = current;
      if (running != null) {
        running.cancel(true);
      }
      return cancelled;
    }
  }

  /**
   * A stream that takes its permit when subscribed to and starts the wrapped stream when its turn comes; demand and
   * cancellation are kept until then (by the relay) and passed on to it.
   */
  private final class Gate extends StreamRelay {
    private final ChatRequest request;
    private Call call;
    private RateLimiter.Permit permit;
    private Future<?> pendingStart;
    private boolean started;
    private Usage usage = Usage.empty();

    Gate(ChatRequest request) {
      this.request = request;
    }

    @Override
    protected void begin() {
      // The call starts at subscription, when the stream is consumed: its waits count against the deadline from then.
      call = new Call(request);
      RateLimiter.Permit taken;
      try {
        taken = call.acquire();
      } catch (LlmException e) {
        fail(e);
        return;
      }
      boolean giveBack = false;
      boolean startNow = false;
      RejectedExecutionException refused = null;
      synchronized (this) {
        permit = taken;
        if (started) {
          // Cancelled before its permit was taken.
          giveBack = true;
        } else if (taken.waitNanos == 0) {
          startNow = true;
        } else {
          try {
            pendingStart = scheduler.schedule(this::start, taken.waitNanos, TimeUnit.NANOSECONDS);
          } catch (RejectedExecutionException e) {
            refused = e;
            giveBack = true;
            started = true;
          }
        }
      }
      if (giveBack) {
        limiter.release(taken);
      }
      if (refused != null) {
        fail(call.schedulerRefused(refused));
      } else if (startNow) {
        start();
      }
    }

    void start() {
      synchronized (this) {
        // A cancellation whose cancelled() has not run yet must not start the stream either.
        if (started || isCancelled()) {
          return;
        }
        started = true;
      }
      ChatStream stream;
      try {
        stream = delegate().stream(call.toSend(permit));
      } catch (RuntimeException e) {
        fail(ErrorClassifier.fromThrowable(e, provider(), call.modelName()));
        return;
      }
      relayFrom(stream);
    }

    /** Notes the usage reported, to settle the permit with it. */
    @Override
    protected StreamEvent onEvent(StreamEvent item) {
      if (item instanceof StreamEvent.UsageReported) {
        usage = usage.mergedWith(((StreamEvent.UsageReported) item).usage());
      }
      return item;
    }

    @Override
    protected void upstreamFailed(Throwable error, boolean delivered) {
      fail(error);
    }

    @Override
    protected void upstreamCompleted() {
      limiter.settle(permit, usage);
    }

    /** Drops the scheduled start, and gives back a permit whose stream never started, when the subscriber cancels. */
    @Override
    protected void cancelled() {
      Future<?> pending;
      boolean giveBack;
      RateLimiter.Permit taken;
      synchronized (this) {
        pending = pendingStart;
        // A permit whose stream never started is given back: nothing reached the provider.
        giveBack = permit != null && !started;
        taken = permit;
        started = true;
      }
      if (pending != null) {
        pending.cancel(false);
      }
      if (giveBack) {
        limiter.release(taken);
      }
    }
  }
}
