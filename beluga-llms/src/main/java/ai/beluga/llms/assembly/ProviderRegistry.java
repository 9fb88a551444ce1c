package ai.beluga.llms.assembly;

import ai.beluga.llms.errors.ErrorCode;
import ai.beluga.llms.errors.LlmException;
import ai.beluga.llms.spi.ProviderFactory;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Internal API: may change in any release.
 *
 * <p>The provider factories found by {@link ServiceLoader}, by name and alias, loaded once on first use.
 */
final class ProviderRegistry {
  private ProviderRegistry() {}

  /**
   * {@return every registered name and alias, sorted, to its factory}
   */
  static Map<String, ProviderFactory> factories() {
    return Loaded.FACTORIES;
  }

  /**
   * Finds a factory.
   *
   * @param name a provider name or alias, case-insensitive
   * @return the factory
   * @throws LlmException with {@code NOT_FOUND} naming the known providers, when none has that name
   */
  static ProviderFactory find(String name) {
    ProviderFactory factory = Loaded.FACTORIES.get(name.toLowerCase(Locale.ROOT));
    if (factory == null) {
      throw new LlmException(ErrorCode.NOT_FOUND, "no provider named '" + name + "'; known providers: "
          + String.join(", ", Loaded.FACTORIES.keySet())
          + ". A provider in another module (such as beluga-llms-bedrock) must be on the class or module path");
    }
    return factory;
  }

  private static final class Loaded {
    private static final Map<String, ProviderFactory> FACTORIES = load();

    private static Map<String, ProviderFactory> load() {
      Map<String, ProviderFactory> byName = new TreeMap<>();
      for (ProviderFactory factory : ServiceLoader.load(ProviderFactory.class, ProviderRegistry.class.getClassLoader())) {
        byName.putIfAbsent(factory.name().toLowerCase(Locale.ROOT), factory);
        for (String alias : factory.aliases()) {
          byName.putIfAbsent(alias.toLowerCase(Locale.ROOT), factory);
        }
      }
      return java.util.Collections.unmodifiableMap(byName);
    }
  }
}
