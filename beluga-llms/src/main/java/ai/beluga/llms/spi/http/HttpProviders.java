package ai.beluga.llms.spi.http;

import ai.beluga.llms.spi.ChatTranslator;
import ai.beluga.llms.spi.HttpModelSettings;
import ai.beluga.llms.spi.ProviderContext;
import ai.beluga.llms.ChatModel;
import ai.beluga.llms.internal.http.HttpChatModel;

/**
 * Builds a {@link ChatModel} on the shared HTTP engine from a provider's {@link ChatTranslator}: the way every HTTP
 * provider, ours or a third party's, becomes a model.
 *
 * <pre>{@code
 * ChatModel model = HttpProviders.chatModel(new MyTranslator(config),
 *     HttpModelSettings.of(config.model(), config.defaultOptions(), config.timeout()), context);
 * }</pre>
 *
 * @since 0.1.0
 */
public final class HttpProviders {
  private HttpProviders() {}

  /**
   * Builds a model on the HTTP engine.
   *
   * @param translator the provider's translation
   * @param settings the model's settings
   * @param context the HTTP client, clock and scheduler
   * @return the bare model, to be wrapped in middleware by the factory
   * @since 0.1.0
   */
  public static ChatModel chatModel(ChatTranslator translator, HttpModelSettings settings, ProviderContext context) {
    return new HttpChatModel(translator, settings, context);
  }
}
