package ai.beluga.llms.spi;

import ai.beluga.llms.ChatOptions;
import java.time.Duration;
import java.util.Objects;

/**
 * What the HTTP engine needs to know about one model besides its translation: the model name, the options every call
 * starts from, the default deadline of a call, and the largest response body it will read.
 *
 * @param model the model calls go to unless a call's options name another
 * @param defaultOptions options every call's options are laid over
 * @param timeout the deadline of a call when its options set none; for a stream, the time until the response
 *     starts
 * @param maxResponseBytes the largest non-streamed body read; a larger one fails with {@code INVALID_RESPONSE}
 * @param connectTimeout how long to wait for a connection, when the library's shared client is used (a client given
 *     with {@code LlmOption.httpClient} keeps its own)
 * @param maxRetries how many retries the config asks for, used by the default retry layer when no
 *     {@code LlmOption.retry} is given; empty leaves the retry policy's default
 * @since 0.1.0
 */
public record HttpModelSettings(
    String model, ChatOptions defaultOptions, Duration timeout, long maxResponseBytes, Duration connectTimeout,
    java.util.OptionalInt maxRetries) {

  /**
   * The stream idle timeout of a call whose options and model defaults set none
   * ({@code ChatOptions.streamIdleTimeout}): a stream that receives no bytes for this long once its response has
   * started ends with {@code TIMEOUT}.
   *
   * @since 0.1.0
   */
  public static final java.time.Duration DEFAULT_STREAM_IDLE_TIMEOUT = java.time.Duration.ofSeconds(120);

  /** The default largest response body: 32 MiB. */
  public static final long DEFAULT_MAX_RESPONSE_BYTES = 32L * 1024 * 1024;

  /**
   * Checks the parts are present and sensible.
   *
   * @param model the model calls go to unless a call's options name another
   * @param defaultOptions options every call's options are laid over
   * @param timeout the deadline of a call when its options set none; for a stream, the time until the response starts
   * @param maxResponseBytes the largest non-streamed body read; a larger one fails with {@code INVALID_RESPONSE}
   * @param connectTimeout how long to wait for a connection, when the library's shared client is used (a client
   *     given with {@code LlmOption.httpClient} keeps its own)
   * @param maxRetries how many retries the config asks for; empty leaves the retry policy's default
   * @throws IllegalArgumentException if the timeout is not positive or the size limit is less than 1
   */
  public HttpModelSettings {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(defaultOptions, "defaultOptions");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(maxRetries, "maxRetries");
    if (maxRetries.isPresent() && maxRetries.getAsInt() < 0) {
      throw new IllegalArgumentException("maxRetries must not be negative, was " + maxRetries.getAsInt());
    }
    if (connectTimeout.isZero() || connectTimeout.isNegative()) {
      throw new IllegalArgumentException("connectTimeout must be positive, was " + connectTimeout);
    }
    if (timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must be positive, was " + timeout);
    }
    if (maxResponseBytes < 1) {
      throw new IllegalArgumentException("maxResponseBytes must be at least 1, was " + maxResponseBytes);
    }
  }

  /**
   * Creates settings with a body limit and the default connect timeout of 10 seconds.
   *
   * @param model the model
   * @param defaultOptions the default options
   * @param timeout the default deadline
   * @param maxResponseBytes the largest non-streamed body read
   * @return the settings
   * @since 0.1.0
   */
  public static HttpModelSettings of(String model, ChatOptions defaultOptions, Duration timeout,
      long maxResponseBytes) {
    return new HttpModelSettings(model, defaultOptions, timeout, maxResponseBytes, Duration.ofSeconds(10),
        java.util.OptionalInt.empty());
  }

  /**
   * Creates settings from a provider config: its model, default options, timeout, connect timeout and retries, with
   * the default body limit.
   *
   * @param config the config
   * @return the settings
   * @since 0.1.0
   */
  public static HttpModelSettings from(ai.beluga.llms.config.HttpProviderConfig config) {
    return new HttpModelSettings(config.model(), config.defaultOptions(), config.timeout(),
        DEFAULT_MAX_RESPONSE_BYTES, config.connectTimeout(),
        java.util.OptionalInt.of(config.maxRetries()));
  }

  /**
   * Creates settings with the default body limit.
   *
   * @param model the model
   * @param defaultOptions the default options
   * @param timeout the default deadline
   * @return the settings
   * @since 0.1.0
   */
  public static HttpModelSettings of(String model, ChatOptions defaultOptions, Duration timeout) {
    return of(model, defaultOptions, timeout, DEFAULT_MAX_RESPONSE_BYTES);
  }
}
