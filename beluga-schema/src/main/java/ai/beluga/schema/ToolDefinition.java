package ai.beluga.schema;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A tool (function) the model may call: its name, what it does, and the JSON Schema of its arguments.
 *
 * <pre>{@code
 * record WeatherQuery(String city) {}
 * ToolDefinition weather = ToolDefinition.of("get_weather", "Current weather for a city",
 *     JsonSchema.from(WeatherQuery.class));
 * }</pre>
 *
 * @param name the name the model calls it by: 1 to 64 letters, digits, underscores or hyphens
 * @param description what the tool does, for the model; may be empty
 * @param parameters the JSON Schema of the arguments object
 * @param strict whether the provider should enforce the schema exactly (OpenAI {@code strict}); providers without such
 *     a mode ignore a {@code false} value and raise {@code UNSUPPORTED} for {@code true}
 * @since 0.1.0
 */
public record ToolDefinition(String name, String description, JsonSchema parameters, boolean strict) {
  private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");

  /**
   * Checks the parts are present and the name is one every provider accepts.
   *
   * @param name the name the model calls it by: 1 to 64 letters, digits, underscores or hyphens
   * @param description what the tool does, for the model; may be empty
   * @param parameters the JSON Schema of the arguments object
   * @param strict whether the provider should enforce the schema exactly (OpenAI {@code strict}); providers without such a mode ignore a {@code false} value and raise {@code UNSUPPORTED} for {@code true}
   * @throws IllegalArgumentException if the name is not 1 to 64 of {@code [a-zA-Z0-9_-]}
   */
  public ToolDefinition {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(parameters, "parameters");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("tool name '" + name
          + "' is not accepted by every provider; use 1 to 64 letters, digits, '_' or '-'");
    }
  }

  /**
   * Creates a non-strict tool definition.
   *
   * @param name the tool's name
   * @param description what it does
   * @param parameters the JSON Schema of its arguments
   * @return the definition
   * @since 0.1.0
   */
  public static ToolDefinition of(String name, String description, JsonSchema parameters) {
    return new ToolDefinition(name, description, parameters, false);
  }

  /**
   * Creates a non-strict tool definition whose arguments schema is generated from a Java type.
   *
   * @param name the tool's name
   * @param description what it does
   * @param argumentsType the record or class its arguments bind to
   * @return the definition
   * @throws SchemaException if no schema can be generated for the type
   * @since 0.1.0
   */
  public static ToolDefinition of(String name, String description, Class<?> argumentsType) {
    return new ToolDefinition(name, description, JsonSchema.from(argumentsType), false);
  }

  /**
   * {@return a copy with strict schema enforcement switched on or off}
   *
   * @param strict whether the provider should enforce the schema exactly
   * @since 0.1.0
   */
  public ToolDefinition withStrict(boolean strict) {
    return new ToolDefinition(name, description, parameters, strict);
  }
}
