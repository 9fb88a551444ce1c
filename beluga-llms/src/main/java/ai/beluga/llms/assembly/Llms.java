package ai.beluga.llms.assembly;

import ai.beluga.llms.ChatModel;
import ai.beluga.llms.config.InvalidConfigException;
import ai.beluga.llms.config.ProviderSettings;
import ai.beluga.llms.errors.LlmException;
import ai.beluga.llms.spi.ProviderFactory;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The generic factories: build a model of any registered provider by name from string settings (for
 * configuration-driven code), or put the default stack around a model of your own. Each provider also has its own
 * typed entry point beside its config, such as {@code OpenAi.chatModel(config, options...)},
 * {@code Anthropic.chatModel(...)} and {@code Mock.chatModel(...)}; this class knows none of them, so that a provider
 * in another module is as much at home here as the built-in ones.
 *
 * <p>Every factory validates the config (reporting every violation at once as an {@link InvalidConfigException}),
 * builds the provider, and wraps it in the default stack and the user's middleware, in one documented order (see
 * {@link ModelAssembly}).
 *
 * <pre>{@code
 * ChatModel byName = Llms.create("openai", Map.of("model", "gpt-4o-mini"));
 * ChatModel mine = Llms.wrap(new MyChatModel(), LlmOption.retry(RetryPolicy.defaults()));
 * }</pre>
 *
 * @since 0.1.0
 */
public final class Llms {
  private Llms() {}

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
