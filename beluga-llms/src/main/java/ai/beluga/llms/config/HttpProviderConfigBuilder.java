package ai.beluga.llms.config;

import ai.beluga.llms.ChatOptions;
import ai.beluga.llms.config.ProviderSettings;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The part of an HTTP provider's config builder that every provider shares: the fields of {@link HttpProviderConfig}
 * and their setters, which return the provider's own builder type so that calls chain. Not thread-safe; does not
 * validate.
 *
 * @param <B> the provider's builder
 * @since 0.1.0
 */
public abstract class HttpProviderConfigBuilder<B extends HttpProviderConfigBuilder<B>> {

  /** The API key, or null. */
  protected Secret apiKey;

  /** The default model. */
  protected String model;

  /** The base URL. */
  protected URI baseUrl;

  /** The connect timeout. */
  protected Duration connectTimeout = HttpProviderConfig.DEFAULT_CONNECT_TIMEOUT;

  /** The default deadline of a call. */
  protected Duration timeout = HttpProviderConfig.DEFAULT_TIMEOUT;

  /** The retries after the first attempt. */
  protected int maxRetries = HttpProviderConfig.DEFAULT_MAX_RETRIES;

  /** The options every call starts from. */
  protected ChatOptions defaultOptions = ChatOptions.none();

  /** The headers sent with every request, in the order added. */
  protected final Map<String, String> extraHeaders = new LinkedHashMap<>();

  /**
   * Starts a builder with the shared defaults: no key, model or base URL.
   *
   * @since 0.1.0
   */
  protected HttpProviderConfigBuilder() {}

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }

  /**
   * Sets the API key.
   *
   * @param apiKey the key
   * @return this builder
   * @since 0.1.0
   */
  public B apiKey(Secret apiKey) {
    this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
    return self();
  }

  /**
   * Sets the default model.
   *
   * @param model the model
   * @return this builder
   * @since 0.1.0
   */
  public B model(String model) {
    this.model = model;
    return self();
  }

  /**
   * Sets the base URL of the provider's API.
   *
   * @param baseUrl the URL
   * @return this builder
   * @since 0.1.0
   */
  public B baseUrl(URI baseUrl) {
    this.baseUrl = baseUrl;
    return self();
  }

  /**
   * Sets the connect timeout.
   *
   * @param connectTimeout the timeout, positive
   * @return this builder
   * @since 0.1.0
   */
  public B connectTimeout(Duration connectTimeout) {
    this.connectTimeout = connectTimeout;
    return self();
  }

  /**
   * Sets the default deadline of a call.
   *
   * @param timeout the deadline, positive
   * @return this builder
   * @since 0.1.0
   */
  public B timeout(Duration timeout) {
    this.timeout = timeout;
    return self();
  }

  /**
   * Sets how many times a retryable failure is retried after the first attempt.
   *
   * @param maxRetries the count, zero or more
   * @return this builder
   * @since 0.1.0
   */
  public B maxRetries(int maxRetries) {
    this.maxRetries = maxRetries;
    return self();
  }

  /**
   * Sets the options every call starts from.
   *
   * @param defaultOptions the options
   * @return this builder
   * @since 0.1.0
   */
  public B defaultOptions(ChatOptions defaultOptions) {
    this.defaultOptions = defaultOptions;
    return self();
  }

  /**
   * Adds a header sent with every request.
   *
   * @param name the header's name
   * @param value its value
   * @return this builder
   * @since 0.1.0
   */
  public B extraHeader(String name, String value) {
    extraHeaders.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
    return self();
  }

  /**
   * Reads the shared settings, each when present, in this order: {@code model}, {@code baseUrl}, then the provider's
   * own keys, then {@code connectTimeout}, {@code timeout} and {@code maxRetries}. The key is left to the provider,
   * which may fall back to an environment variable.
   *
   * @param settings the settings
   * @param providerKeys reads the provider's own keys into this builder
   * @return this builder
   * @throws InvalidConfigException if a setting is malformed
   * @since 0.1.0
   */
  public B settings(ProviderSettings settings, Consumer<ProviderSettings> providerKeys) {
    settings.string("model").ifPresent(this::model);
    settings.uri("baseUrl").ifPresent(this::baseUrl);
    providerKeys.accept(settings);
    settings.duration("connectTimeout").ifPresent(this::connectTimeout);
    settings.duration("timeout").ifPresent(this::timeout);
    settings.integer("maxRetries").ifPresent(this::maxRetries);
    return self();
  }
}
