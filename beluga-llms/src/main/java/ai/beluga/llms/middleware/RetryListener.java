package ai.beluga.llms.middleware;

import ai.beluga.llms.errors.LlmException;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.ImplicitContextKeyed;
import java.time.Duration;

/**
 * Told each time {@link RetryingChatModel} is about to wait and try a call again. The retry layer tells two listeners:
 * the policy's own ({@link RetryPolicy.Builder#listener}), and the one the calling thread's OpenTelemetry
 * {@link Context} carries ({@link #current()}), through which the telemetry decorator, which sits outside the retry
 * layer, records retries as span events and a counter without the two layers knowing each other.
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
public interface RetryListener extends ImplicitContextKeyed {

  /** A listener that does nothing. */
  RetryListener NONE = (attempt, delay, error) -> { };

  /**
   * {@return the listener the current {@link Context} carries, else {@link #NONE}}
   *
   * @since 0.1.0
   */
  static RetryListener current() {
    RetryListener listener = Context.current().get(Key.KEY);
    return listener != null ? listener : NONE;
  }

  /**
   * Called before the wait that precedes another attempt.
   *
   * @param attempt the number of the attempt that just failed, from 1
   * @param delay how long the retry layer waits before the next attempt
   * @param error the failure of that attempt
   * @since 0.1.0
   */
  void onRetry(int attempt, Duration delay, LlmException error);

  /**
   * {@return a context that carries this listener to the retry layers of the calls made under it}
   *
   * @param context the context to extend
   * @since 0.1.0
   */
  @Override
  default Context storeInContext(Context context) {
    return context.with(Key.KEY, this);
  }

  /** Holds the context key, so that it is not a public constant of the interface. */
  final class Key {
    private static final ContextKey<RetryListener> KEY = ContextKey.named("beluga-retry-listener");

    private Key() {}
  }
}
