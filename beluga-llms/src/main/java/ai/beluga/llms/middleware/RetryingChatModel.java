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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Middleware that retries failed calls under a {@link RetryPolicy}: only the policy's codes (by default the retryable
 * ones), with exponential backoff and full jitter, honouring the provider's retry hint, within the call's deadline.
 * Every factory in {@code Llms} adds it by default, inside telemetry; {@code LlmOption.retry(RetryPolicy.none())}
 * switches it off.
 *
 * <ul>
 *   <li><b>The deadline covers every attempt.</b> It is the call's {@code ChatOptions.timeout}, else the model's
 *       default timeout, counted from the start of the call. Each retry is sent with the time that is left as its
 *       timeout, and the layer never waits past the deadline: when the next wait would reach it, the call fails at once
 *       with {@code TIMEOUT}, whose cause is the last failure.
 *   <li><b>The final error</b> is the last attempt's, with {@link LlmException#attempts()} set and the earlier
 *       attempts' errors as {@linkplain Throwable#getSuppressed() suppressed} exceptions.
 *   <li><b>{@code chat}</b> waits on the caller's thread; an interrupt ends the call with {@code CANCELLED} and sets the
 *       interrupt flag again. <b>{@code chatAsync}</b> never blocks: it waits on the scheduler, and
 *       {@code cancel(true)} aborts the attempt in flight or the pending wait.
 *   <li><b>A stream is retried only before its first event reaches the subscriber.</b> After that an error passes
 *       through, since the caller has already seen part of an answer.
 * </ul>
 *
 * <pre>{@code
 * ChatModel model = new RetryingChatModel(provider, RetryPolicy.builder().maxAttempts(5).build());
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class RetryingChatModel extends ForwardingChatModel {
  private final RetryPolicy policy;
  private final long defaultTimeoutNanos;
  private final ScheduledExecutorService scheduler;

  /**
   * Wraps a model. A call without its own timeout has no deadline across attempts (each attempt still has the
   * model's timeout); waits between asynchronous attempts run on the library's shared scheduler.
   *
   * @param delegate the model to retry
   * @param policy the policy
   * @since 0.1.0
   */
  public RetryingChatModel(ChatModel delegate, RetryPolicy policy) {
    this(delegate, policy, 0L, Defaults.scheduler());
  }

  /**
   * Wraps a model, waiting between asynchronous attempts on this scheduler. A call without its own timeout has no
   * deadline across attempts.
   *
   * @param delegate the model to retry
   * @param policy the policy
   * @param scheduler the scheduler on which asynchronous calls and streams wait between attempts
   * @since 0.1.0
   */
  public RetryingChatModel(ChatModel delegate, RetryPolicy policy, ScheduledExecutorService scheduler) {
    this(delegate, policy, 0L, scheduler);
  }

  /**
   * Wraps a model whose default timeout is known.
   *
   * @param delegate the model to retry
   * @param policy the policy
   * @param defaultTimeout the deadline of a call that sets no {@code ChatOptions.timeout}, usually the model's
   *     configured timeout; positive
   * @param scheduler the scheduler on which asynchronous calls wait between attempts
   * @throws IllegalArgumentException if {@code defaultTimeout} is not positive
   * @since 0.1.0
   */
  public RetryingChatModel(ChatModel delegate, RetryPolicy policy, Duration defaultTimeout,
      ScheduledExecutorService scheduler) {
    this(delegate, policy, positiveNanos(defaultTimeout), scheduler);
  }

  private RetryingChatModel(ChatModel delegate, RetryPolicy policy, long defaultTimeoutNanos,
      ScheduledExecutorService scheduler) {
    super(delegate);
    this.policy = Objects.requireNonNull(policy, "policy");
    this.defaultTimeoutNanos = defaultTimeoutNanos;
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
  }

  /**
   * {@return the policy}
   *
   * @since 0.1.0
   */
  public RetryPolicy policy() {
    return policy;
  }

  /**
   * Sends the request, retrying under the policy, and waits on the calling thread.
   *
   * @param request the request
   * @return the answer
   * @throws LlmException the last attempt's error, with {@link LlmException#attempts()}; {@code TIMEOUT} when the
   *     deadline leaves no time for another attempt; {@code CANCELLED} when the thread is interrupted
   */
  @Override
  public ChatResponse chat(ChatRequest request) {
    Call call = new Call(request);
    while (true) {
      ChatRequest attempt = call.nextAttempt();
      try {
        return delegate().chat(attempt);
      } catch (LlmException e) {
        Duration delay = call.onFailure(e);
        sleep(delay, call);
      }
    }
  }

  /**
   * Sends the request without blocking, retrying under the policy; waits between attempts run on the scheduler.
   * {@code cancel(true)} on the returned future aborts the attempt in flight and any pending retry.
   *
   * @param request the request
   * @return a future of the answer, failed as {@link #chat(ChatRequest)} would throw
   */
  @Override
  public CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
    Call call = new Call(request);
    RetryFuture result = new RetryFuture();
    attemptAsync(call, result);
    return result;
  }

  /**
   * Streams the answer, retrying a failure that comes before the first event reaches the subscriber.
   *
   * @param request the request
   * @return the stream
   */
  @Override
  public ChatStream stream(ChatRequest request) {
    return ChatStream.of(new Retries(request));
  }

  private void attemptAsync(Call call, RetryFuture result) {
    if (result.isDone()) {
      return;
    }
    ChatRequest attempt;
    CompletableFuture<ChatResponse> future;
    try {
      attempt = call.nextAttempt();
      future = delegate().chatAsync(attempt);
    } catch (RuntimeException e) {
      result.completeExceptionally(call.finalError(ErrorClassifier.fromThrowable(e, provider(), model())));
      return;
    }
    result.current = future;
    if (result.isDone()) {
      future.cancel(true);
      return;
    }
    future.whenComplete((response, error) -> {
      if (error == null) {
        result.complete(response);
        return;
      }
      Duration delay;
      try {
        delay = call.onFailure(ErrorClassifier.fromThrowable(error, provider(), call.modelName()));
      } catch (LlmException last) {
        result.completeExceptionally(last);
        return;
      }
      try {
        result.current = scheduler.schedule(() -> attemptAsync(call, result), delay.toNanos(), TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException e) {
        result.completeExceptionally(call.finalError(LlmException.builder(ErrorCode.INVALID_CONFIG,
            "the scheduler refused to schedule a retry (was it shut down?); give the model a running scheduler")
            .provider(provider()).model(call.modelName()).cause(e).build()));
        return;
      }
      if (result.isDone()) {
        result.current.cancel(false);
      }
    });
  }

  private static void sleep(Duration delay, Call call) {
    long end = System.nanoTime() + delay.toNanos();
    long left = delay.toNanos();
    while (left > 0) {
      LockSupport.parkNanos(left);
      if (Thread.interrupted()) {
        Thread.currentThread().interrupt();
        throw call.cancelled();
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

  /**
   * One call across its attempts: the deadline, the attempt count and the errors so far. Attempts run one after
   * another, each handed over through a future or the scheduler, so the fields need no lock.
   */
  private final class Call {
    private final ChatRequest request;
    private final long timeoutNanos;
    private final long deadline;
    private final List<LlmException> failures = new ArrayList<>(2);
    // Taken on the caller's thread, where the telemetry decorator's context is current; later attempts may run on
    // other threads.
    private final RetryListener telemetry = RetryListener.current();
    private int attempts;

    Call(ChatRequest request) {
      this.request = Objects.requireNonNull(request, "request");
      this.timeoutNanos = request.options().timeout().map(Duration::toNanos).orElse(defaultTimeoutNanos);
      this.deadline = System.nanoTime() + timeoutNanos;
    }

    /** The request for the next attempt: the caller's own first, then with the time left as its timeout. */
    ChatRequest nextAttempt() {
      attempts++;
      if (attempts == 1 || timeoutNanos == 0) {
        return request;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        attempts--;
        throw exhausted(failures.remove(failures.size() - 1), Duration.ZERO);
      }
      return request.withOptions(request.options().toBuilder().timeout(Duration.ofNanos(left)).build());
    }

    /** Decides on a failure: returns the wait before the next attempt, or throws the call's final error. */
    Duration onFailure(LlmException error) {
      if (error.code() == ErrorCode.CANCELLED || attempts >= policy.maxAttempts() || !policy.retries(error)) {
        throw finalError(error);
      }
      Duration delay = policy.delayBefore(attempts, error);
      if (timeoutNanos != 0 && System.nanoTime() + delay.toNanos() >= deadline) {
        throw exhausted(error, delay);
      }
      try {
        telemetry.onRetry(attempts, delay, error);
        policy.listener().onRetry(attempts, delay, error);
      } catch (RuntimeException ignored) {
        // Observing a retry must never change the call (RetryListener's contract).
      }
      failures.add(error);
      return delay;
    }

    LlmException finalError(LlmException last) {
      if (failures.isEmpty()) {
        return last;
      }
      LlmException error = last.toBuilder().attempts(attempts).build();
      error.setStackTrace(last.getStackTrace());
      failures.forEach(error::addSuppressed);
      return error;
    }

    LlmException exhausted(LlmException last, Duration delay) {
      String wait = delay.isZero() ? "" : "; the next retry would have waited " + delay.toMillis() + " ms";
      LlmException error = LlmException.builder(ErrorCode.TIMEOUT, "the call's deadline of "
          + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms ran out before it could succeed" + wait
          + "; the cause is the last attempt's error. Raise the timeout in the config or the call's options")
          .provider(last.provider().orElse(provider())).model(last.model().orElse(modelName()))
          .attempts(attempts).cause(last).build();
      failures.forEach(error::addSuppressed);
      return error;
    }

    LlmException cancelled() {
      LlmException error = LlmException.builder(ErrorCode.CANCELLED,
          "the calling thread was interrupted while waiting to retry; the call was abandoned")
          .provider(provider()).model(modelName()).attempts(attempts).build();
      failures.forEach(error::addSuppressed);
      return error;
    }

    String modelName() {
      return request.options().model().orElse(model());
    }
  }

  /** The caller's future: cancelling it cancels the attempt in flight or the scheduled retry. */
  private static final class RetryFuture extends CompletableFuture<ChatResponse> {
    volatile Future<?> current;

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      boolean cancelled = super.cancel(mayInterruptIfRunning);
      Future<?> running = current;
      if (running != null) {
        running.cancel(true);
      }
      return cancelled;
    }
  }

  /**
   * A stream across attempts. Each attempt relays a fresh {@code delegate().stream(...)}; while no event has been
   * delivered, a failure the policy retries starts another attempt after the wait, and the subscriber sees nothing of
   * it.
   */
  private final class Retries extends StreamRelay {
    private final ChatRequest request;
    private Call call;
    private Future<?> pendingRetry;

    Retries(ChatRequest request) {
      this.request = request;
    }

    @Override
    protected void begin() {
      // The call starts at subscription, when the stream is consumed: its deadline runs from then, and it takes the
      // context current then (where the telemetry decorator has put the call's retry listener).
      call = new Call(request);
      startAttempt();
    }

    void startAttempt() {
      ChatStream stream;
      try {
        if (isCancelled()) {
          return;
        }
        stream = delegate().stream(call.nextAttempt());
      } catch (RuntimeException e) {
        fail(call.finalError(ErrorClassifier.fromThrowable(e, provider(), call.modelName())));
        return;
      }
      relayFrom(stream);
    }

    @Override
    protected void upstreamFailed(Throwable throwable, boolean delivered) {
      LlmException error = ErrorClassifier.fromThrowable(throwable, provider(), call.modelName());
      if (delivered) {
        fail(call.finalError(error));
        return;
      }
      Duration delay;
      try {
        delay = call.onFailure(error);
      } catch (LlmException last) {
        fail(last);
        return;
      }
      synchronized (this) {
        if (isCancelled()) {
          return;
        }
        try {
          pendingRetry = scheduler.schedule(this::startAttempt, delay.toNanos(), TimeUnit.NANOSECONDS);
          return;
        } catch (RejectedExecutionException e) {
          pendingRetry = null;
        }
      }
      fail(call.finalError(LlmException.builder(ErrorCode.INVALID_CONFIG,
          "the scheduler refused to schedule a retry (was it shut down?); give the model a running scheduler")
          .provider(provider()).model(call.modelName()).build()));
    }

    /** Drops the scheduled retry, if any, when the subscriber cancels. */
    @Override
    protected void cancelled() {
      Future<?> retry;
      synchronized (this) {
        retry = pendingRetry;
      }
      if (retry != null) {
        retry.cancel(false);
      }
    }
  }
}
