package ai.beluga.llms.internal;

import java.time.Duration;

/**
 * Internal API: may change in any release.
 *
 * <p>Implemented by a provider model that knows the timeout of a call that sets none, so that the retry layer can make
 * that timeout the deadline of the whole call, retries included.
 */
public interface DefaultTimeout {

  /**
   * {@return the timeout of a call whose options set none}
   */
  Duration defaultTimeout();
}
