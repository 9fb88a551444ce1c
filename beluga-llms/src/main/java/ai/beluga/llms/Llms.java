package ai.beluga.llms;

import ai.beluga.llms.config.InvalidConfigException;
import ai.beluga.llms.errors.LlmException;
import ai.beluga.llms.internal.ModelAssembly;
import ai.beluga.llms.internal.ProviderRegistry;
import ai.beluga.llms.providers.anthropic.AnthropicConfig;
import ai.beluga.llms.providers.anthropic.AnthropicProviderFactory;
import ai.beluga.llms.providers.mock.MockChatModel;
import ai.beluga.llms.providers.mock.MockConfig;
import ai.beluga.llms.providers.openai.OpenAiConfig;
import ai.beluga.llms.providers.openai.OpenAiPreset;
import ai.beluga.llms.providers.openai.OpenAiProviderFactory;
import ai.beluga.llms.spi.ProviderFactory;
import ai.beluga.llms.spi.ProviderSettings;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The factories: build a model of any provider from a validated config and options, or by name from settings.
 *
 * <p>Every factory validates the config (reporting every violation at once as an {@link InvalidConfigException}),
 * builds the provider, and wraps it in the default middleware and the user's middleware, in one documented order
 * (see {@link LlmOption#middleware}).
 *
 * <pre>{@code
 * ChatModel mock = Llms.mock(MockConfig.builder().reply("Hi!").build());
 * ChatModel byName = Llms.create("mock", Map.of("model", "mock-large"));
 * }</pre>
 *
 * @since 0.1.0
 */
public final class Llms {
  private Llms() {}

  /**
   * Builds a {@code mock} model: scripted, offline, recording its requests.
   *
   * @param config the config
   * @param options the options
   * @return the model
   * @throws InvalidConfigException listing every problem with the config
   * @since 0.1.0
   */
  public static ChatModel mock(MockConfig config, LlmOption... options) {
    Objects.requireNonNull(config, "config");
    ModelAssembly assembly = ModelAssembly.of(options);
    return assembly.assemble(new MockChatModel(config, assembly.context()));
  }

  /**
   * Builds an OpenAI Chat Completions model, or one for an OpenAI-compatible server when the config was built from an
   * {@link OpenAiPreset} ({@code OpenAiConfig.builder(OpenAiPreset.GROQ)}).
   *
   * <pre>{@code
   * ChatModel model = Llms.openAI(OpenAiConfig.fromEnv());
   * }</pre>
   *
   * @param config the config
   * @param options the options
   * @return the model
   * @throws InvalidConfigException listing every problem with the config
   * @since 0.1.0
   */
  public static ChatModel openAI(OpenAiConfig config, LlmOption... options) {
    Objects.requireNonNull(config, "config");
    ModelAssembly assembly = ModelAssembly.of(options);
    return assembly.assemble(OpenAiProviderFactory.create(config, assembly.context()));
  }

  /**
   * Builds an Azure OpenAI model; the config must come from {@code OpenAiConfig.builder(OpenAiPreset.AZURE_OPENAI)}.
   *
   * @param config the config
   * @param options the options
   * @return the model
   * @throws InvalidConfigException listing every problem with the config, or if it is not an Azure config
   * @since 0.1.0
   */
  public static ChatModel azureOpenAI(OpenAiConfig config, LlmOption... options) {
    Objects.requireNonNull(config, "config");
    if (config.preset() != OpenAiPreset.AZURE_OPENAI) {
      throw new InvalidConfigException(OpenAiProviderFactory.NAME, "OpenAiConfig", java.util.List.of(
          new InvalidConfigException.Violation("preset", "must be AZURE_OPENAI for Llms.azureOpenAI, was "
              + config.preset() + "; build it with OpenAiConfig.builder(OpenAiPreset.AZURE_OPENAI)")));
    }
    return openAI(config, options);
  }

  /**
   * Builds an {@code anthropic} model: the Anthropic Messages API.
   *
   * <pre>{@code
   * ChatModel claude = Llms.anthropic(AnthropicConfig.fromEnv().model("claude-sonnet-4-5").build());
   * }</pre>
   *
   * @param config the config
   * @param options the options
   * @return the model
   * @throws InvalidConfigException listing every problem with the config
   * @since 0.1.0
   */
  public static ChatModel anthropic(AnthropicConfig config, LlmOption... options) {
    Objects.requireNonNull(config, "config");
    config.validate();
    ModelAssembly assembly = ModelAssembly.of(options);
    return assembly.assemble(AnthropicProviderFactory.chatModel(config, assembly.context()));
  }

  /**
   * Builds a model by provider name from string settings, through the providers registered with
   * {@link java.util.ServiceLoader}; for configuration-driven code.
   *
   * @param provider a provider name or alias, case-insensitive, such as {@code mock}
   * @param settings the provider's settings, such as {@code model} and {@code apiKey}
   * @param options the options
   * @return the model
   * @throws LlmException with {@code NOT_FOUND} naming every known provider when none has that name
   * @throws InvalidConfigException listing every problem with the settings, including a setting the provider does not
   *     read (a misspelt key is reported, never ignored)
   * @since 0.1.0
   */
  public static ChatModel create(String provider, Map<String, String> settings, LlmOption... options) {
    Objects.requireNonNull(provider, "provider");
    ProviderFactory factory = ProviderRegistry.find(provider);
    ModelAssembly assembly = ModelAssembly.of(options);
    ProviderSettings read = ProviderSettings.of(settings);
    ChatModel model = factory.create(provider, read, assembly.context());
    read.rejectUnknown(provider);
    return assembly.assemble(model);
  }

  /**
   * Wraps a model of your own (one that implements {@link ChatModel} directly) in the same middleware the factories
   * add.
   *
   * @param model the model
   * @param options the options
   * @return the wrapped model
   * @since 0.1.0
   */
  public static ChatModel wrap(ChatModel model, LlmOption... options) {
    Objects.requireNonNull(model, "model");
    return ModelAssembly.of(options).assemble(model);
  }

  /**
   * {@return the names and aliases of every registered provider, sorted}
   *
   * @since 0.1.0
   */
  public static Set<String> providers() {
    return ProviderRegistry.factories().keySet();
  }
}
