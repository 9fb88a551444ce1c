package ai.beluga.llms.spi;

import java.net.http.HttpClient;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What a provider may use that it does not own: the HTTP client, the clock and a scheduler for timed work. Built from
 * a factory's options; the defaults are shared, daemon-threaded and created on first use.
 *
 * <p>Immutable and thread-safe.
 *
 * @param httpClient the HTTP client
 * @param clock the clock
 * @param scheduler a scheduler for delays and timeouts; tasks on it must not block
 * @since 0.1.0
 */
public record ProviderContext(HttpClient httpClient, Clock clock, ScheduledExecutorService scheduler) {

  /**
   * Checks the parts are present.
   *
   * @param httpClient the HTTP client
   * @param clock the clock
   * @param scheduler a scheduler for delays and timeouts; tasks on it must not block
   */
  public ProviderContext {
    Objects.requireNonNull(httpClient, "httpClient");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(scheduler, "scheduler");
  }

  /**
   * Returns the HTTP client to use with a provider's connect timeout. A client the user supplied is returned as it is
   * (its own connect timeout applies); the library's shared default is swapped for a shared client with this connect
   * timeout, so that every model with the same timeout shares one client and its threads.
   *
   * @param connectTimeout the provider config's connect timeout
   * @return the client
   * @since 0.1.0
   */
  public HttpClient httpClient(java.time.Duration connectTimeout) {
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    return httpClient == ai.beluga.llms.internal.Defaults.httpClient()
        ? ai.beluga.llms.internal.Defaults.httpClient(connectTimeout) : httpClient;
  }
}
