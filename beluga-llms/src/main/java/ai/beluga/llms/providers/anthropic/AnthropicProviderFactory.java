package ai.beluga.llms.providers.anthropic;

import ai.beluga.llms.ChatModel;
import ai.beluga.llms.spi.HttpModelSettings;
import ai.beluga.llms.spi.http.HttpProviders;
import ai.beluga.llms.spi.ProviderContext;
import ai.beluga.llms.spi.ProviderFactory;
import ai.beluga.llms.config.ProviderSettings;

/**
 * Registers the {@code anthropic} provider with the registry, so that {@code Llms.create("anthropic", settings)}
 * works; see {@link AnthropicConfig#fromSettings(ProviderSettings)} for the settings it reads.
 *
 * @since 0.1.0
 */
public final class AnthropicProviderFactory implements ProviderFactory {

  /**
   * Creates the factory; called by {@link java.util.ServiceLoader}.
   *
   * @since 0.1.0
   */
  public AnthropicProviderFactory() {}

  @Override
  public String name() {
    return AnthropicTranslator.PROVIDER;
  }

  @Override
  public ChatModel create(String name, ProviderSettings settings, ProviderContext context) {
    return chatModel(AnthropicConfig.fromSettings(settings), context);
  }

  /**
   * Builds the bare model of a config on the HTTP engine, after validating it (the one validation path of every
   * Anthropic entry point).
   *
   * @param config the config
   * @param context the HTTP client, clock and scheduler
   * @return the bare model
   * @throws ai.beluga.llms.config.InvalidConfigException if the config is invalid, listing every violation
   * @since 0.1.0
   */
  public static ChatModel chatModel(AnthropicConfig config, ProviderContext context) {
    config.validate();
    return HttpProviders.chatModel(new AnthropicTranslator(config, context.clock()), HttpModelSettings.from(config),
        context);
  }
}
