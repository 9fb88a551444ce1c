package ai.beluga.llms.spi;

import java.time.Duration;
import java.util.OptionalInt;

/**
 * What a provider's model declares to the stack that {@code ModelAssembly} builds around it: the timeout of a call
 * whose options set none, and how many retries its config asks for.
 *
 * <p>The stack reads these once, when the model is assembled. The retry layer makes {@link #callTimeout()} the
 * deadline of the whole call, every attempt and every wait between attempts included, and the rate limiter counts
 * its waits against the same deadline; {@link #maxRetries()} sets the retry policy's attempts when the user gives no
 * {@code LlmOption.retry}. A model that does not implement this interface gets the stack's defaults: no deadline
 * across retries (each attempt keeps its own timeout) and the default number of retries.
 *
 * <p>Every model the shared HTTP engine builds implements it from its {@link HttpModelSettings}; a provider built on
 * something else (a vendor SDK, in another module) implements it on its own model class.
 *
 * <pre>{@code
 * final class SdkChatModel implements ChatModel, CallDefaults {
 *   public Duration callTimeout() { return config.timeout(); }
 *   public OptionalInt maxRetries() { return OptionalInt.of(config.maxRetries()); }
 *   ...
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public interface CallDefaults {

  /**
   * {@return the timeout of a call whose options set none; the deadline across retries}
   *
   * @since 0.1.0
   */
  Duration callTimeout();

  /**
   * {@return how many retries the provider's config asks for, used when no {@code LlmOption.retry} is given}
   *
   * @implSpec The default returns empty, which leaves the retry policy's default.
   * @since 0.1.0
   */
  default OptionalInt maxRetries() {
    return OptionalInt.empty();
  }
}
