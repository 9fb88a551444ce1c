package ai.beluga.llms.providers.openai;

import ai.beluga.llms.ChatModel;
import ai.beluga.llms.spi.HttpModelSettings;
import ai.beluga.llms.spi.http.HttpProviders;
import ai.beluga.llms.spi.ProviderContext;
import ai.beluga.llms.spi.ProviderFactory;
import ai.beluga.llms.config.ProviderSettings;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Registers the {@code openai} provider and, as aliases, every {@link OpenAiPreset} by its id ({@code azure-openai},
 * {@code groq}, {@code deepseek}, {@code together}, {@code openrouter}, {@code xai}, {@code fireworks},
 * {@code perplexity}, {@code vllm}, {@code lmstudio}, {@code llamacpp}), so that {@code Llms.create("groq", settings)}
 * builds a model on the Groq preset. Settings are read by {@link OpenAiConfig#fromSettings}.
 *
 * <p>Stateless and thread-safe; found through {@link java.util.ServiceLoader}.
 *
 * @since 0.1.0
 */
public final class OpenAiProviderFactory implements ProviderFactory {
  /** The provider name: {@value}. */
  public static final String NAME = "openai";

  /**
   * Creates the factory (for {@link java.util.ServiceLoader}).
   *
   * @since 0.1.0
   */
  public OpenAiProviderFactory() {}

  /**
   * {@return {@code "openai"}}
   *
   * @since 0.1.0
   */
  @Override
  public String name() {
    return NAME;
  }

  /**
   * {@return the ids of every preset but OpenAI's}
   *
   * @since 0.1.0
   */
  @Override
  public Set<String> aliases() {
    Set<String> aliases = new LinkedHashSet<>();
    for (OpenAiPreset preset : OpenAiPreset.values()) {
      if (preset != OpenAiPreset.OPENAI) {
        aliases.add(preset.id());
      }
    }
    return Set.copyOf(aliases);
  }

  /**
   * Builds a model from settings.
   *
   * @param name {@code openai} or a preset id
   * @param settings the settings
   * @param context the HTTP client, clock and scheduler
   * @return the bare provider model
   * @throws ai.beluga.llms.config.InvalidConfigException if the config is invalid
   * @since 0.1.0
   */
  @Override
  public ChatModel create(String name, ProviderSettings settings, ProviderContext context) {
    OpenAiPreset preset = OpenAiPreset.byId(name).orElse(OpenAiPreset.OPENAI);
    return chatModel(OpenAiConfig.fromSettings(preset, settings), context);
  }

  /**
   * Builds a model from a config, after validating it.
   *
   * @param config the config
   * @param context the HTTP client, clock and scheduler
   * @return the bare provider model
   * @throws ai.beluga.llms.config.InvalidConfigException if the config is invalid
   * @since 0.1.0
   */
  public static ChatModel chatModel(OpenAiConfig config, ProviderContext context) {
    config.validate();
    return HttpProviders.chatModel(new OpenAiTranslator(config), HttpModelSettings.from(config), context);
  }
}
