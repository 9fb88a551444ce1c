package ai.beluga.llms.config;

import ai.beluga.llms.ChatOptions;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The fields every HTTP provider's config record shares, so that the engine, the factories and the docs treat them
 * alike. Each provider's config is a record implementing this interface, with Jakarta Validation annotations on its
 * components and a builder; see {@link CommonChecks} for the checks they all run.
 *
 * <pre>{@code
 * public record MyConfig( // annotated with jakarta.validation.Valid

 *     Secret apiKey, @NotBlank String model, @NotNull URI baseUrl,
 *     @NotNull Duration connectTimeout, @NotNull Duration timeout, @PositiveOrZero int maxRetries,
 *     @NotNull ChatOptions defaultOptions, @NotNull Map<String, String> extraHeaders) implements HttpProviderConfig {
 *   public Optional<Secret> apiKeySecret() { return Optional.ofNullable(apiKey); }
 * }
 * }</pre>
 *
 * <p>Implementations are immutable records; their {@code toString()} never shows the key (a {@link Secret} prints as
 * {@code Secret[****]}).
 *
 * @since 0.1.0
 */
public interface HttpProviderConfig {

  /** The default connect timeout: 10 seconds. */
  Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /** The default deadline of a call: 120 seconds, as LLM answers can be long. */
  Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

  /** The default number of retries after the first attempt. */
  int DEFAULT_MAX_RETRIES = 2;

  /**
   * {@return the credential, when the provider needs one}
   *
   * @since 0.1.0
   */
  Optional<Secret> apiKeySecret();

  /**
   * {@return the model calls go to by default}
   *
   * @since 0.1.0
   */
  String model();

  /**
   * {@return the base URL of the provider's API}
   *
   * @since 0.1.0
   */
  URI baseUrl();

  /**
   * {@return how long to wait for a connection}
   *
   * @since 0.1.0
   */
  Duration connectTimeout();

  /**
   * {@return the default deadline of a call, including retries; for a stream, until the response starts}
   *
   * @since 0.1.0
   */
  Duration timeout();

  /**
   * {@return how many times a retryable failure is retried after the first attempt}
   *
   * @since 0.1.0
   */
  int maxRetries();

  /**
   * {@return the options every call's options are laid over}
   *
   * @since 0.1.0
   */
  ChatOptions defaultOptions();

  /**
   * {@return headers sent with every request, such as a proxy's routing header}
   *
   * @since 0.1.0
   */
  Map<String, String> extraHeaders();

  /**
   * The checks every HTTP provider config runs besides its annotations.
   *
   * @since 0.1.0
   */
  final class CommonChecks {
    private CommonChecks() {}

    /**
     * Adds the shared checks to a validator: positive timeouts, an {@code http} or {@code https} base URL, and no
     * header that the HTTP client manages itself.
     *
     * @param validator the validator of the config
     * @param config the config
     * @return the validator
     * @since 0.1.0
     */
    public static ConfigValidator addTo(ConfigValidator validator, HttpProviderConfig config) {
      validator.requirePositive("connectTimeout", config.connectTimeout())
          .requirePositive("timeout", config.timeout());
      URI baseUrl = config.baseUrl();
      if (baseUrl != null) {
        String scheme = baseUrl.getScheme();
        validator.require(scheme != null && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
            && baseUrl.getHost() != null, "baseUrl", "must be an absolute http or https URL, was " + baseUrl);
      }
      Map<String, String> headers = config.extraHeaders();
      if (headers != null) {
        for (String name : headers.keySet()) {
          String lower = name.toLowerCase(java.util.Locale.ROOT);
          validator.require(!(lower.equals("host") || lower.equals("connection") || lower.equals("content-length")
              || lower.equals("expect") || lower.equals("upgrade")), "extraHeaders",
              "must not set " + name + ", which the HTTP client manages itself");
        }
      }
      return validator;
    }
  }
}
