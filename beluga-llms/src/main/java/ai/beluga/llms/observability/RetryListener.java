package ai.beluga.llms.observability;

import io.opentelemetry.context.Context;
import java.time.Duration;

/**
 * How retrying middleware tells the telemetry decorator about a retry: each retry becomes a
 * {@value GenAiNames#EVENT_RETRY} event on the call's span and adds one to {@value GenAiNames#METRIC_RETRIES}.
 *
 * <p>The decorator is the outermost layer, so while a call runs the call's listener is in the current OpenTelemetry
 * {@link Context}. Take it with {@link #current()} when the call starts, on the caller's thread, and keep it for the
 * call's later attempts, which may run on other threads:
 *
 * <pre>{@code
 * public ChatResponse chat(ChatRequest request) {
 *   RetryListener retries = RetryListener.current();
 *   for (int attempt = 1; ; attempt++) {
 *     try {
 *       return delegate().chat(request);
 *     } catch (LlmException e) {
 *       if (!e.retryable() || attempt == maxAttempts) throw e;
 *       Duration delay = backoff(attempt, e);
 *       retries.onRetry(attempt, e, delay);
 *       sleep(delay);
 *     }
 *   }
 * }
 * }</pre>
 *
 * <p>Implementations are thread-safe and never throw.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface RetryListener {

  /**
   * Reports that a failed attempt will be retried.
   *
   * @param attempt the retry's number: 1 for the first retry
   * @param cause the failure being retried
   * @param delay the wait before the retry
   * @since 0.1.0
   */
  void onRetry(int attempt, Throwable cause, Duration delay);

  /**
   * {@return the listener of the call running in the current context, or one that does nothing when no instrumented
   * call is running}
   *
   * @since 0.1.0
   */
  static RetryListener current() {
    RetryListener listener = Context.current().get(CallObservation.RETRY_LISTENER);
    return listener != null ? listener : CallObservation.NO_RETRY_LISTENER;
  }
}
