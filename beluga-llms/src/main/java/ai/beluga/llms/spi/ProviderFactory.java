package ai.beluga.llms.spi;

import ai.beluga.llms.ChatModel;
import ai.beluga.llms.config.InvalidConfigException;
import ai.beluga.llms.config.ProviderSettings;
import java.util.Set;

/**
 * Creates a provider's models by name, for configuration-driven code: {@code Llms.create(name, settings, options)}.
 * Registered through {@link java.util.ServiceLoader} ({@code provides ... with ...} in {@code module-info.java}, or
 * {@code META-INF/services/ai.beluga.llms.spi.ProviderFactory} on the class path).
 *
 * <pre>{@code
 * public final class MyProviderFactory implements ProviderFactory {
 *   public String name() { return "my-provider"; }
 *   public ChatModel create(ProviderSettings settings, ProviderContext context) {
 *     MyConfig config = MyConfig.fromSettings(settings);
 *     return new MyChatModel(config, context);
 *   }
 * }
 * }</pre>
 *
 * <p>Implementations must have a public no-argument constructor and be thread-safe.
 *
 * @since 0.1.0
 */
public interface ProviderFactory {

  /**
   * {@return the provider's name, lowercase, such as {@code openai}}
   *
   * @since 0.1.0
   */
  String name();

  /**
   * {@return other names this factory answers to, such as presets; empty by default}
   *
   * @since 0.1.0
   */
  default Set<String> aliases() {
    return Set.of();
  }

  /**
   * Creates a model from settings. The factory validates them and builds the bare provider model; the caller adds the
   * default middleware around it.
   *
   * @param name the name it was asked for, its own or one of its aliases
   * @param settings the settings
   * @param context what the options supplied: HTTP client, clock, scheduler
   * @return the bare model
   * @throws InvalidConfigException listing every problem with the settings
   * @since 0.1.0
   */
  ChatModel create(String name, ProviderSettings settings, ProviderContext context);
}
