package ai.beluga.llms.internal;

import java.time.Duration;

/**
 * Internal API: may change in any release.
 *
 * <p>Implemented by a provider model that knows the timeout of a call that sets none, so that the retry layer can make
 * that timeout the deadline of the whole call, retries included; and, when its config says how many retries to make,
 * that number.
 */
public interface DefaultTimeout {

  /**
   * {@return the timeout of a call whose options set none}
   */
  Duration defaultTimeout();

  /**
   * {@return how many retries the provider's config asks for, used when no {@code LlmOption.retry} is given; empty
   * leaves the retry policy's default}
   */
  default java.util.OptionalInt configuredMaxRetries() {
    return java.util.OptionalInt.empty();
  }
}
