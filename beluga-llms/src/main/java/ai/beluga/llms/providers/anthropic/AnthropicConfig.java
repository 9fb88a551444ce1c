package ai.beluga.llms.providers.anthropic;

import ai.beluga.llms.ChatOptions;
import ai.beluga.llms.config.ConfigValidator;
import ai.beluga.llms.config.HttpProviderConfig;
import ai.beluga.llms.config.HttpProviderConfigBuilder;
import ai.beluga.llms.config.InvalidConfigException;
import ai.beluga.llms.config.Secret;
import ai.beluga.llms.config.ProviderSettings;
import ai.beluga.llms.internal.valid.AnthropicConfigRules;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The config of the {@code anthropic} provider, which speaks the Anthropic Messages API ({@code POST /v1/messages}).
 *
 * <pre>{@code
 * AnthropicConfig config = AnthropicConfig.builder()
 *     .apiKey(Secret.of(System.getenv("ANTHROPIC_API_KEY")))
 *     .model("claude-sonnet-4-5")
 *     .build();
 * ChatModel model = Anthropic.chatModel(config);
 *
 * // or, from ANTHROPIC_API_KEY, ANTHROPIC_BASE_URL and ANTHROPIC_MODEL:
 * ChatModel fromEnv = Anthropic.chatModel(AnthropicConfig.fromEnv().build());
 * }</pre>
 *
 * <p>Immutable and thread-safe; {@code toString()} never shows the key. Checked when a model is built: every
 * violation is reported at once as an {@link InvalidConfigException}.
 *
 * @param apiKey the API key, sent as {@code x-api-key}
 * @param model the model calls go to by default, such as {@code claude-sonnet-4-5}
 * @param baseUrl the API's base URL, without {@code /v1}
 * @param apiVersion the {@code anthropic-version} header
 * @param defaultMaxTokens the {@code max_tokens} sent when a call sets no {@code maxOutputTokens}; the Messages API
 *     requires one
 * @param connectTimeout how long to wait for a connection
 * @param timeout the default deadline of a call; for a stream, until the response starts
 * @param maxRetries how many times a retryable failure is retried after the first attempt
 * @param defaultOptions the options every call's options are laid over
 * @param extraHeaders headers sent with every request, such as {@code anthropic-beta}
 * @since 0.1.0
 */
public record AnthropicConfig(
    Secret apiKey,
    String model,
    URI baseUrl,
    String apiVersion,
    int defaultMaxTokens,
    Duration connectTimeout,
    Duration timeout,
    int maxRetries,
    ChatOptions defaultOptions,
    Map<String, String> extraHeaders) implements HttpProviderConfig {

  /** The default base URL: {@code https://api.anthropic.com}. */
  public static final URI DEFAULT_BASE_URL = URI.create("https://api.anthropic.com");

  /** The default {@code anthropic-version} header: {@value}. */
  public static final String DEFAULT_API_VERSION = "2023-06-01";

  /** The default {@code max_tokens} when a call sets none: {@value}. */
  public static final int DEFAULT_MAX_TOKENS = 4096;

  /**
   * Copies the headers.
   *
   * @param apiKey the API key, sent as {@code x-api-key}
   * @param model the model calls go to by default, such as {@code claude-sonnet-4-5}
   * @param baseUrl the API's base URL, without {@code /v1}
   * @param apiVersion the {@code anthropic-version} header
   * @param defaultMaxTokens the {@code max_tokens} sent when a call sets no {@code maxOutputTokens}
   * @param connectTimeout how long to wait for a connection
   * @param timeout the default deadline of a call; for a stream, until the response starts
   * @param maxRetries how many times a retryable failure is retried after the first attempt
   * @param defaultOptions the options every call's options are laid over
   * @param extraHeaders headers sent with every request, such as {@code anthropic-beta}
   */
  public AnthropicConfig {
    extraHeaders = extraHeaders == null ? null : Map.copyOf(extraHeaders);
  }

  /**
   * {@return a builder with the defaults: base URL {@code https://api.anthropic.com}, version
   * {@value #DEFAULT_API_VERSION}, {@code max_tokens} {@value #DEFAULT_MAX_TOKENS}, the shared timeouts and retries,
   * and no key or model}
   *
   * @since 0.1.0
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts a builder from the environment: {@code ANTHROPIC_API_KEY}, {@code ANTHROPIC_BASE_URL} and
   * {@code ANTHROPIC_MODEL}, each when set. Variables that are unset leave the builder's defaults.
   *
   * @return the builder, not yet validated
   * @throws InvalidConfigException if {@code ANTHROPIC_BASE_URL} is not a URI
   * @since 0.1.0
   */
  public static Builder fromEnv() {
    return fromEnv(System::getenv);
  }

  static Builder fromEnv(UnaryOperator<String> env) {
    Builder builder = builder();
    String key = env.apply("ANTHROPIC_API_KEY");
    if (key != null && !key.isBlank()) {
      builder.apiKey(Secret.of(key.strip()));
    }
    String baseUrl = env.apply("ANTHROPIC_BASE_URL");
    if (baseUrl != null && !baseUrl.isBlank()) {
      builder.baseUrl(ProviderSettings.of(Map.of("baseUrl", baseUrl.strip())).uri("baseUrl").orElseThrow());
    }
    String model = env.apply("ANTHROPIC_MODEL");
    if (model != null && !model.isBlank()) {
      builder.model(model.strip());
    }
    return builder;
  }

  /**
   * Reads a config from registry settings: {@code apiKey}, {@code model}, {@code baseUrl}, {@code apiVersion},
   * {@code defaultMaxTokens}, {@code connectTimeout}, {@code timeout} and {@code maxRetries}. A missing
   * {@code apiKey} or {@code baseUrl} is read from {@code ANTHROPIC_API_KEY} or {@code ANTHROPIC_BASE_URL}.
   *
   * @param settings the settings
   * @return the config, not yet validated
   * @throws InvalidConfigException if a setting is malformed
   * @since 0.1.0
   */
  public static AnthropicConfig fromSettings(ProviderSettings settings) {
    return fromSettings(settings, System::getenv);
  }

  static AnthropicConfig fromSettings(ProviderSettings settings, UnaryOperator<String> env) {
    Builder builder = fromEnv(env);
    settings.secret("apiKey").ifPresent(builder::apiKey);
    builder.settings(settings, own -> {
      own.string("apiVersion").ifPresent(builder::apiVersion);
      own.integer("defaultMaxTokens").ifPresent(builder::defaultMaxTokens);
    });
    return builder.build();
  }

  /**
   * {@return the API key}
   *
   * @since 0.1.0
   */
  @Override
  public Optional<Secret> apiKeySecret() {
    return Optional.ofNullable(apiKey);
  }

  /**
   * Checks every constraint and reports all violations at once.
   *
   * @return this config
   * @throws InvalidConfigException listing every violation
   * @since 0.1.0
   */
  public AnthropicConfig validate() {
    HttpProviderConfig.CommonChecks.addTo(ConfigValidator.of(AnthropicTranslator.PROVIDER, this,
        new AnthropicConfigRules(apiKey, model, baseUrl, apiVersion, defaultMaxTokens, connectTimeout, timeout,
            maxRetries, defaultOptions, extraHeaders)), this).validate();
    return this;
  }

  /**
   * Builds an {@link AnthropicConfig}. Not thread-safe. {@link #build()} does not validate; the factory does, so that
   * every violation is reported together.
   *
   * @since 0.1.0
   */
  public static final class Builder extends HttpProviderConfigBuilder<Builder> {
    private String apiVersion = DEFAULT_API_VERSION;
    private int defaultMaxTokens = DEFAULT_MAX_TOKENS;

    private Builder() {
      this.baseUrl = DEFAULT_BASE_URL;
    }

    /**
     * Sets the {@code anthropic-version} header.
     *
     * @param apiVersion the version
     * @return this builder
     * @since 0.1.0
     */
    public Builder apiVersion(String apiVersion) {
      this.apiVersion = apiVersion;
      return this;
    }

    /**
     * Sets the {@code max_tokens} sent when a call sets no {@code maxOutputTokens}.
     *
     * @param defaultMaxTokens the count, at least 1
     * @return this builder
     * @since 0.1.0
     */
    public Builder defaultMaxTokens(int defaultMaxTokens) {
      this.defaultMaxTokens = defaultMaxTokens;
      return this;
    }

    /**
     * {@return the config, not yet validated}
     *
     * @since 0.1.0
     */
    public AnthropicConfig build() {
      return new AnthropicConfig(apiKey, model, baseUrl, apiVersion, defaultMaxTokens, connectTimeout, timeout,
          maxRetries, defaultOptions, extraHeaders);
    }
  }
}
