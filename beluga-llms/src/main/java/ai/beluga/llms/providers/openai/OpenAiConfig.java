package ai.beluga.llms.providers.openai;

import ai.beluga.llms.ChatOptions;
import ai.beluga.llms.config.ConfigValidator;
import ai.beluga.llms.config.HttpProviderConfig;
import ai.beluga.llms.config.HttpProviderConfigBuilder;
import ai.beluga.llms.config.InvalidConfigException;
import ai.beluga.llms.config.Secret;
import ai.beluga.llms.config.ProviderSettings;
import ai.beluga.llms.internal.valid.OpenAiConfigRules;
import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The configuration of the OpenAI provider, for OpenAI itself and for every {@link OpenAiPreset OpenAI-compatible
 * server}.
 *
 * <pre>{@code
 * ChatModel model = OpenAi.chatModel(OpenAiConfig.builder()
 *     .apiKey(Secret.of(System.getenv("OPENAI_API_KEY")))
 *     .model("gpt-4.1-mini")
 *     .build());
 * ChatModel azure = OpenAi.chatModel(OpenAiConfig.builder(OpenAiPreset.AZURE_OPENAI)
 *     .apiKey(Secret.of(System.getenv("AZURE_OPENAI_API_KEY")))
 *     .baseUrl(URI.create("https://my-resource.openai.azure.com/openai"))
 *     .deployment("my-gpt-4o")
 *     .apiVersion("2024-10-21")
 *     .model("gpt-4o")
 *     .build());
 * }</pre>
 *
 * <p>The key is a {@link Secret}: {@link #toString()} never shows it. Builders do not validate; the factories call
 * {@link #validate()}, which reports every violation at once. Immutable and thread-safe.
 *
 * @param apiKey the API key, or null for a local server that needs none
 * @param model the default model (for Azure, the model the deployment serves; it names the model in telemetry)
 * @param baseUrl the base URL; {@code /chat/completions} and {@code /models} are resolved under it
 * @param preset the server this config talks to
 * @param organization the {@code OpenAI-Organization} header, or empty
 * @param project the {@code OpenAI-Project} header, or empty
 * @param deployment the Azure deployment, or empty to use the model name (Azure only)
 * @param apiVersion the Azure {@code api-version} query parameter (required for Azure, ignored elsewhere)
 * @param connectTimeout the connect timeout
 * @param timeout the default per-call timeout
 * @param maxRetries the retries the retry middleware may make
 * @param defaultOptions the options every call starts from
 * @param extraHeaders headers added to every request
 * @param unsupported the features this server lacks (the preset's list unless overridden)
 * @since 0.1.0
 */
public record OpenAiConfig(
    Secret apiKey,
    String model,
    URI baseUrl,
    OpenAiPreset preset,
    Optional<String> organization,
    Optional<String> project,
    Optional<String> deployment,
    Optional<String> apiVersion,
    Duration connectTimeout,
    Duration timeout,
    int maxRetries,
    ChatOptions defaultOptions,
    Map<String, String> extraHeaders,
    Set<OpenAiPreset.Feature> unsupported) implements HttpProviderConfig {

  /** The model used when none is given: {@value}. */
  public static final String DEFAULT_MODEL = "gpt-4o-mini";

  /** The Azure {@code api-version} used when none is given: {@value}. */
  public static final String DEFAULT_AZURE_API_VERSION = "2024-10-21";

  /**
   * Copies the maps and sets.
   *
   * @param apiKey the API key, or null
   * @param model the default model
   * @param baseUrl the base URL
   * @param preset the server
   * @param organization the organization, or empty
   * @param project the project, or empty
   * @param deployment the Azure deployment, or empty
   * @param apiVersion the Azure {@code api-version}, or empty
   * @param connectTimeout the connect timeout
   * @param timeout the per-call timeout
   * @param maxRetries the retries
   * @param defaultOptions the default options
   * @param extraHeaders extra headers
   * @param unsupported the features the server lacks
   * @since 0.1.0
   */
  public OpenAiConfig {
    extraHeaders = extraHeaders == null ? null : Map.copyOf(extraHeaders);
    unsupported = unsupported == null ? null : Set.copyOf(unsupported);
  }

  /**
   * {@return a builder for OpenAI itself}
   *
   * @since 0.1.0
   */
  public static Builder builder() {
    return new Builder(OpenAiPreset.OPENAI);
  }

  /**
   * Returns a builder for a compatible server, starting from the preset's base URL and feature list.
   *
   * @param preset the server
   * @return a builder
   * @since 0.1.0
   */
  public static Builder builder(OpenAiPreset preset) {
    return new Builder(Objects.requireNonNull(preset, "preset"));
  }

  /**
   * Reads OpenAI's usual environment variables: {@code OPENAI_API_KEY}, {@code OPENAI_BASE_URL},
   * {@code OPENAI_MODEL}, {@code OPENAI_ORG_ID} and {@code OPENAI_PROJECT_ID}.
   *
   * @return a config (not yet validated)
   * @since 0.1.0
   */
  public static OpenAiConfig fromEnv() {
    return fromEnv(OpenAiPreset.OPENAI, System::getenv);
  }

  /**
   * Reads a preset's environment variables: its {@linkplain OpenAiPreset#keyVariable() key} and
   * {@linkplain OpenAiPreset#baseUrlVariable() base URL}; for OpenAI also {@code OPENAI_MODEL}, {@code OPENAI_ORG_ID}
   * and {@code OPENAI_PROJECT_ID}; for Azure also {@code OPENAI_API_VERSION} and {@code AZURE_OPENAI_DEPLOYMENT}.
   *
   * @param preset the server
   * @return a config (not yet validated)
   * @since 0.1.0
   */
  public static OpenAiConfig fromEnv(OpenAiPreset preset) {
    return fromEnv(preset, System::getenv);
  }

  static OpenAiConfig fromEnv(OpenAiPreset preset, Function<String, String> env) {
    Builder builder = builder(preset);
    present(env.apply(preset.keyVariable())).ifPresent(key -> builder.apiKey(Secret.of(key)));
    present(env.apply(preset.baseUrlVariable())).ifPresent(url -> builder.baseUrl(URI.create(url)));
    if (preset == OpenAiPreset.OPENAI) {
      present(env.apply("OPENAI_MODEL")).ifPresent(builder::model);
      present(env.apply("OPENAI_ORG_ID")).ifPresent(builder::organization);
      present(env.apply("OPENAI_PROJECT_ID")).ifPresent(builder::project);
    } else if (preset == OpenAiPreset.AZURE_OPENAI) {
      present(env.apply("OPENAI_API_VERSION")).ifPresent(builder::apiVersion);
      present(env.apply("AZURE_OPENAI_DEPLOYMENT")).ifPresent(builder::deployment);
    }
    return builder.build();
  }

  /**
   * Builds a config from string settings, as {@code Llms.create} passes them: {@code apiKey}, {@code model},
   * {@code baseUrl}, {@code organization}, {@code project}, {@code deployment}, {@code apiVersion},
   * {@code connectTimeout}, {@code timeout}, {@code maxRetries}. A missing {@code apiKey} is read from the preset's
   * environment variable.
   *
   * @param preset the server
   * @param settings the settings
   * @return a config (not yet validated)
   * @throws InvalidConfigException if a setting cannot be parsed
   * @since 0.1.0
   */
  public static OpenAiConfig fromSettings(OpenAiPreset preset, ProviderSettings settings) {
    Builder builder = builder(preset);
    Optional<Secret> key = settings.secret("apiKey").or(() -> Secret.fromEnv(preset.keyVariable()));
    key.ifPresent(builder::apiKey);
    builder.settings(settings, own -> {
      own.string("organization").ifPresent(builder::organization);
      own.string("project").ifPresent(builder::project);
      own.string("deployment").ifPresent(builder::deployment);
      own.string("apiVersion").ifPresent(builder::apiVersion);
    });
    return builder.build();
  }

  /**
   * Checks every constraint and reports all violations at once.
   *
   * @return this config
   * @throws InvalidConfigException if the config is invalid
   * @since 0.1.0
   */
  public OpenAiConfig validate() {
    ConfigValidator validator = ConfigValidator.of(OpenAiProviderFactory.NAME, this,
        new OpenAiConfigRules(model, baseUrl, preset, organization, project, deployment, apiVersion, connectTimeout,
            timeout, maxRetries, defaultOptions, extraHeaders, unsupported));
    HttpProviderConfig.CommonChecks.addTo(validator, this);
    if (preset != null) {
      validator.require(!preset.keyRequired() || (apiKey != null && !apiKey.reveal().isBlank()), "apiKey",
          "is required by " + preset.id() + "; set it or the " + preset.keyVariable() + " environment variable");
      boolean noOrganization = unsupported != null && unsupported.contains(OpenAiPreset.Feature.ORGANIZATION);
      validator.require(!noOrganization || organization == null || organization.isEmpty(), "organization",
          "is not supported by " + preset.id() + "; remove it");
      validator.require(!noOrganization || project == null || project.isEmpty(), "project",
          "is not supported by " + preset.id() + "; remove it");
      if (preset == OpenAiPreset.AZURE_OPENAI) {
        validator.require(apiVersion != null && apiVersion.isPresent(), "apiVersion",
            "is required by Azure OpenAI, for example " + DEFAULT_AZURE_API_VERSION);
      }
    }
    validator.validate();
    return this;
  }

  /**
   * {@return the API key, if one is set}
   *
   * @since 0.1.0
   */
  @Override
  public Optional<Secret> apiKeySecret() {
    return Optional.ofNullable(apiKey);
  }

  /**
   * {@return a builder holding this config's values}
   *
   * @since 0.1.0
   */
  public Builder toBuilder() {
    Builder builder = new Builder(preset).model(model).baseUrl(baseUrl).connectTimeout(connectTimeout)
        .timeout(timeout).maxRetries(maxRetries).defaultOptions(defaultOptions);
    if (apiKey != null) {
      builder.apiKey(apiKey);
    }
    extraHeaders.forEach(builder::extraHeader);
    builder.organization = organization.orElse(null);
    builder.project = project.orElse(null);
    builder.deployment = deployment.orElse(null);
    builder.apiVersion = apiVersion.orElse(null);
    builder.unsupported = unsupported;
    return builder;
  }

  /**
   * {@return the config without the key's value}
   *
   * @since 0.1.0
   */
  @Override
  public String toString() {
    return "OpenAiConfig[preset=" + (preset == null ? null : preset.id()) + ", model=" + model + ", baseUrl="
        + baseUrl + ", apiKey=" + (apiKey == null ? "none" : apiKey) + "]";
  }

  private static Optional<String> present(String value) {
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
  }

  /**
   * Builds an {@link OpenAiConfig}. Not thread-safe; does not validate.
   *
   * @since 0.1.0
   */
  public static final class Builder extends HttpProviderConfigBuilder<Builder> {
    private final OpenAiPreset preset;
    private String organization;
    private String project;
    private String deployment;
    private String apiVersion;
    private Set<OpenAiPreset.Feature> unsupported;

    private Builder(OpenAiPreset preset) {
      this.preset = preset;
      this.model = DEFAULT_MODEL;
      this.baseUrl = preset.defaultBaseUrl().orElse(null);
      this.unsupported = preset.unsupported();
      if (preset == OpenAiPreset.AZURE_OPENAI) {
        this.apiVersion = DEFAULT_AZURE_API_VERSION;
      }
    }

    /**
     * Sets the {@code OpenAI-Organization} header.
     *
     * @param organization the organization id
     * @return this builder
     * @since 0.1.0
     */
    public Builder organization(String organization) {
      this.organization = organization;
      return this;
    }

    /**
     * Sets the {@code OpenAI-Project} header.
     *
     * @param project the project id
     * @return this builder
     * @since 0.1.0
     */
    public Builder project(String project) {
      this.project = project;
      return this;
    }

    /**
     * Sets the Azure deployment (by default, the model name).
     *
     * @param deployment the deployment name
     * @return this builder
     * @since 0.1.0
     */
    public Builder deployment(String deployment) {
      this.deployment = deployment;
      return this;
    }

    /**
     * Sets the Azure {@code api-version}.
     *
     * @param apiVersion the version, such as {@code 2024-10-21}
     * @return this builder
     * @since 0.1.0
     */
    public Builder apiVersion(String apiVersion) {
      this.apiVersion = apiVersion;
      return this;
    }

    /**
     * Replaces the preset's list of features the server lacks, for a server whose version differs from the preset's.
     *
     * @param unsupported the features the server lacks
     * @return this builder
     * @since 0.1.0
     */
    public Builder unsupported(Set<OpenAiPreset.Feature> unsupported) {
      this.unsupported = unsupported.isEmpty() ? Set.of() : EnumSet.copyOf(unsupported);
      return this;
    }

    /**
     * {@return the config, not yet validated}
     *
     * @since 0.1.0
     */
    public OpenAiConfig build() {
      return new OpenAiConfig(apiKey, model, baseUrl, preset, Optional.ofNullable(organization),
          Optional.ofNullable(project), Optional.ofNullable(deployment), Optional.ofNullable(apiVersion),
          connectTimeout, timeout, maxRetries, defaultOptions, extraHeaders, unsupported);
    }
  }
}
