package ai.beluga.llms.config;

import ai.beluga.llms.config.InvalidConfigException;
import ai.beluga.llms.config.Secret;
import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * String settings for {@code Llms.create(provider, settings)}, as read from a properties file, YAML or the
 * environment, with typed getters that name the setting when its value is malformed.
 *
 * <p>Keys are case-sensitive camelCase, such as {@code model}, {@code apiKey}, {@code baseUrl}, {@code timeout}.
 * Durations are ISO-8601 ({@code PT30S}) or a number with a unit ({@code 30s}, {@code 500ms}, {@code 2m}).
 * {@link #toString()} masks every setting whose name contains {@code key}, {@code secret}, {@code token} or
 * {@code password}. The values are immutable; the object also remembers which keys a provider asked for, so that
 * {@link #rejectUnknown(String)} can report a setting no provider reads (a typo) instead of ignoring it. Thread-safe.
 *
 * @since 0.1.0
 */
public final class ProviderSettings {
  private final Map<String, String> values;
  private final java.util.Set<String> asked = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private ProviderSettings(Map<String, String> values) {
    this.values = values;
  }

  /**
   * Wraps settings.
   *
   * @param values the settings
   * @return the settings
   * @since 0.1.0
   */
  public static ProviderSettings of(Map<String, String> values) {
    return new ProviderSettings(Map.copyOf(values));
  }

  /**
   * {@return every setting}
   *
   * @since 0.1.0
   */
  public Map<String, String> asMap() {
    return values;
  }

  /**
   * Returns a text setting; a blank value counts as absent.
   *
   * @param key the setting's name
   * @return the value
   * @since 0.1.0
   */
  public Optional<String> string(String key) {
    asked.add(Objects.requireNonNull(key, "key"));
    String value = values.get(key);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
  }

  /**
   * Returns a credential setting.
   *
   * @param key the setting's name
   * @return the secret
   * @since 0.1.0
   */
  public Optional<Secret> secret(String key) {
    return string(key).map(Secret::of);
  }

  /**
   * Returns a URI setting.
   *
   * @param key the setting's name
   * @return the URI
   * @throws InvalidConfigException if the value is not a URI
   * @since 0.1.0
   */
  public Optional<URI> uri(String key) {
    return string(key).map(value -> {
      try {
        return new URI(value);
      } catch (java.net.URISyntaxException e) {
        throw invalid(key, "must be a URI such as https://api.example.com/v1");
      }
    });
  }

  /**
   * Returns an integer setting.
   *
   * @param key the setting's name
   * @return the value
   * @throws InvalidConfigException if the value is not an integer
   * @since 0.1.0
   */
  public OptionalInt integer(String key) {
    Optional<String> value = string(key);
    if (value.isEmpty()) {
      return OptionalInt.empty();
    }
    try {
      return OptionalInt.of(Integer.parseInt(value.get()));
    } catch (NumberFormatException e) {
      throw invalid(key, "must be an integer");
    }
  }

  /**
   * Returns a decimal setting.
   *
   * @param key the setting's name
   * @return the value
   * @throws InvalidConfigException if the value is not a number
   * @since 0.1.0
   */
  public OptionalDouble decimal(String key) {
    Optional<String> value = string(key);
    if (value.isEmpty()) {
      return OptionalDouble.empty();
    }
    try {
      return OptionalDouble.of(Double.parseDouble(value.get()));
    } catch (NumberFormatException e) {
      throw invalid(key, "must be a number");
    }
  }

  /**
   * Returns a duration setting: ISO-8601 ({@code PT30S}) or a number with a unit {@code ms}, {@code s}, {@code m} or
   * {@code h}.
   *
   * @param key the setting's name
   * @return the value
   * @throws InvalidConfigException if the value is not a duration
   * @since 0.1.0
   */
  public Optional<Duration> duration(String key) {
    return string(key).map(value -> parseDuration(key, value));
  }

  /**
   * Fails when a setting was given that the provider never asked for, which is almost always a misspelt key. Call it
   * after the provider has read its settings.
   *
   * @param provider the provider's name, for the message
   * @throws InvalidConfigException naming every unknown key and listing the keys the provider reads
   * @since 0.1.0
   */
  public void rejectUnknown(String provider) {
    java.util.List<InvalidConfigException.Violation> unknown = new java.util.ArrayList<>();
    java.util.Set<String> known = new java.util.TreeSet<>(asked);
    for (String key : new java.util.TreeSet<>(values.keySet())) {
      if (!asked.contains(key)) {
        unknown.add(new InvalidConfigException.Violation(key, "is not a setting of " + provider
            + "; its settings are " + String.join(", ", known)));
      }
    }
    if (!unknown.isEmpty()) {
      throw new InvalidConfigException(provider, "settings", unknown);
    }
  }

  /** {@return the settings with credentials masked} */
  @Override
  public String toString() {
    Map<String, String> shown = new TreeMap<>();
    values.forEach((key, value) -> shown.put(key, isSensitive(key) ? "****" : value));
    return "ProviderSettings" + shown;
  }

  private static Duration parseDuration(String key, String value) {
    String text = value.toLowerCase(Locale.ROOT);
    try {
      if (text.startsWith("pt") || text.startsWith("p")) {
        return Duration.parse(value.toUpperCase(Locale.ROOT));
      }
      if (text.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2).strip()));
      }
      long amount = Long.parseLong(text.substring(0, text.length() - 1).strip());
      switch (text.charAt(text.length() - 1)) {
        case 's':
          return Duration.ofSeconds(amount);
        case 'm':
          return Duration.ofMinutes(amount);
        case 'h':
          return Duration.ofHours(amount);
        default:
          break;
      }
    } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
      // Reported below with the accepted forms.
    }
    throw invalid(key, "must be a duration such as 30s, 500ms, 2m or PT30S");
  }

  private static boolean isSensitive(String key) {
    String lower = key.toLowerCase(Locale.ROOT);
    return lower.contains("key") || lower.contains("secret") || lower.contains("token")
        || lower.contains("password");
  }

  private static InvalidConfigException invalid(String key, String message) {
    return new InvalidConfigException(null, "settings",
        java.util.List.of(new InvalidConfigException.Violation(key, message)));
  }
}
