package ai.beluga.llms.providers.mock;

import ai.beluga.llms.ChatModel;
import ai.beluga.llms.spi.ProviderContext;
import ai.beluga.llms.spi.ProviderFactory;
import ai.beluga.llms.config.ProviderSettings;

/**
 * Registers the {@code mock} provider with the registry, so that {@code Llms.create("mock", settings)} works; see
 * {@link MockConfig#fromSettings(ProviderSettings)} for the settings it reads.
 *
 * @since 0.1.0
 */
public final class MockProviderFactory implements ProviderFactory {

  /**
   * Creates the factory; called by {@link java.util.ServiceLoader}.
   *
   * @since 0.1.0
   */
  public MockProviderFactory() {}

  @Override
  public String name() {
    return "mock";
  }

  @Override
  public ChatModel create(String name, ProviderSettings settings, ProviderContext context) {
    return new MockChatModel(MockConfig.fromSettings(settings), context);
  }
}
