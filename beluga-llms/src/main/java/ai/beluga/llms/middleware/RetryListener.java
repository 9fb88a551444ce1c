package ai.beluga.llms.middleware;

import ai.beluga.llms.errors.LlmException;
import java.time.Duration;

/**
 * Told each time {@link RetryingChatModel} is about to wait and try a call again: the hook through which telemetry
 * records retries (as span events and a counter) and logs them.
 *
 * <p>Called on the thread that saw the failure, before the wait; it must be quick, must not block, and should not
 * throw (an exception it throws is ignored, so that observing a retry never changes the call).
 *
 * <pre>{@code
 * RetryPolicy policy = RetryPolicy.builder()
 *     .listener((attempt, delay, error) -> log.info("retry {} in {} after {}", attempt, delay, error.code()))
 *     .build();
 * }</pre>
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface RetryListener {

  /** A listener that does nothing. */
  RetryListener NONE = (attempt, delay, error) -> { };

  /**
   * Called before the wait that precedes another attempt.
   *
   * @param attempt the number of the attempt that just failed, from 1
   * @param delay how long the retry layer waits before the next attempt
   * @param error the failure of that attempt
   * @since 0.1.0
   */
  void onRetry(int attempt, Duration delay, LlmException error);
}
