package ai.beluga.schema;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The shape the model's answer must take: free text, any JSON object, or JSON matching a schema.
 *
 * <pre>{@code
 * record Answer(String city, int population) {}
 * ResponseFormat format = ResponseFormat.jsonSchema("answer", JsonSchema.from(Answer.class));
 * }</pre>
 *
 * @since 0.1.0
 */
public sealed interface ResponseFormat {

  /**
   * {@return free text (the default)}
   *
   * @since 0.1.0
   */
  static Text text() {
    return Text.INSTANCE;
  }

  /**
   * {@return any valid JSON object ("JSON mode")}
   *
   * @since 0.1.0
   */
  static Json json() {
    return Json.INSTANCE;
  }

  /**
   * JSON matching a schema, enforced strictly where the provider can.
   *
   * @param name a name for the schema: 1 to 64 letters, digits, underscores or hyphens
   * @param schema the schema
   * @return the format
   * @since 0.1.0
   */
  static JsonSchemaFormat jsonSchema(String name, JsonSchema schema) {
    return new JsonSchemaFormat(name, schema, true);
  }

  /**
   * Free text.
   *
   * @since 0.1.0
   */
  record Text() implements ResponseFormat {
    private static final Text INSTANCE = new Text();
  }

  /**
   * Any valid JSON object.
   *
   * @since 0.1.0
   */
  record Json() implements ResponseFormat {
    private static final Json INSTANCE = new Json();
  }

  /**
   * JSON matching a schema.
   *
   * @param name a name for the schema
   * @param schema the schema
   * @param strict whether the provider should enforce the schema exactly
   * @since 0.1.0
   */
  record JsonSchemaFormat(String name, JsonSchema schema, boolean strict) implements ResponseFormat {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");

    /**
     * Checks the parts are present and the name is one every provider accepts.
     *
     * @param name a name for the schema
     * @param schema the schema
     * @param strict whether the provider should enforce the schema exactly
     * @throws IllegalArgumentException if the name is not 1 to 64 of {@code [a-zA-Z0-9_-]}
     */
    public JsonSchemaFormat {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(schema, "schema");
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("response format name '" + name
            + "' is not accepted by every provider; use 1 to 64 letters, digits, '_' or '-'");
      }
    }
  }
}
