package ai.beluga.schema;

import com.github.victools.jsonschema.generator.MemberScope;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.github.victools.jsonschema.module.jackson.JacksonOption;
import com.github.victools.jsonschema.module.jackson.JacksonSchemaModule;
import java.lang.reflect.RecordComponent;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * A JSON Schema, as the parameters of a tool or the shape of structured output.
 *
 * <p>A thin, immutable wrapper over a Jackson tree: the tree is copied in and copied out, so no caller can change a
 * schema another thread is sending. Build one from JSON text, from a tree, or generate one from a Java record or class:
 *
 * <pre>{@code
 * record Weather(String city, double celsius) {}
 * JsonSchema generated = JsonSchema.from(Weather.class);
 * JsonSchema byHand = JsonSchema.of("""
 *     {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}""");
 * }</pre>
 *
 * <p>Generated schemas follow what the strictest providers accept (OpenAI's strict mode): every property of a
 * record or class is listed in {@code required}, {@code additionalProperties} is {@code false}, and no
 * {@code $schema} keyword is written. An {@link Optional} component is still listed as required but may be null.
 * A record's properties keep the order of its components, since models read them in order. Jackson annotations are
 * honoured the way {@link ToolCall#argumentsAs(Class)} binds: {@code @JsonProperty} renames a property (and an enum
 * constant), {@code @JsonIgnore} drops one, and {@code @JsonPropertyDescription} and {@code @JsonClassDescription}
 * become {@code description}s, which is what the model reads. A {@code Map} becomes an object whose
 * {@code additionalProperties} describe its values.
 *
 * @since 0.1.0
 */
public final class JsonSchema {
  private static final SchemaGenerator GENERATOR = createGenerator();

  private final JsonNode tree;
  private final String json;

  private JsonSchema(JsonNode tree) {
    this.tree = tree;
    this.json = tree.toString();
  }

  /**
   * Parses a schema from JSON text.
   *
   * @param json a JSON object
   * @return the schema
   * @throws SchemaException if the text is not a JSON object
   * @since 0.1.0
   */
  public static JsonSchema of(String json) {
    Objects.requireNonNull(json, "json");
    JsonNode tree;
    try {
      tree = SchemaJson.MAPPER.readTree(json);
    } catch (JacksonException e) {
      throw new SchemaException("JSON Schema text is not valid JSON: " + e.getOriginalMessage()
          + "; pass a JSON object such as {\"type\":\"object\"}", e);
    }
    if (tree.isMissingNode()) {
      throw new SchemaException("JSON Schema text is empty; pass a JSON object such as {\"type\":\"object\"}");
    }
    return of(tree);
  }

  /**
   * Wraps a copy of a Jackson tree.
   *
   * @param tree a JSON object node
   * @return the schema
   * @throws SchemaException if the tree is not a JSON object
   * @since 0.1.0
   */
  public static JsonSchema of(JsonNode tree) {
    Objects.requireNonNull(tree, "tree");
    if (!tree.isObject()) {
      throw new SchemaException("a JSON Schema must be a JSON object, got " + tree.getNodeType()
          + "; wrap it as {\"type\": ...}");
    }
    return new JsonSchema(tree.deepCopy());
  }

  /**
   * Generates a schema from a Java record or class (fields, records' components, enums, lists, maps, nested types).
   *
   * @param type the Java type
   * @return the generated schema
   * @throws SchemaException if the generator cannot describe the type
   * @since 0.1.0
   */
  public static JsonSchema from(Class<?> type) {
    Objects.requireNonNull(type, "type");
    try {
      return new JsonSchema(GENERATOR.generateSchema(type));
    } catch (RuntimeException e) {
      throw new SchemaException("cannot generate a JSON Schema for " + type.getName() + ": " + e.getMessage()
          + "; describe it by hand with JsonSchema.of(...)", e);
    }
  }

  /**
   * {@return a copy of the schema as a Jackson tree; changing it does not change this schema}
   *
   * @since 0.1.0
   */
  public JsonNode toJsonNode() {
    return tree.deepCopy();
  }

  /**
   * {@return the schema as compact JSON text}
   *
   * @since 0.1.0
   */
  public String json() {
    return json;
  }

  /**
   * {@return the schema's {@code type} keyword, if it has a single string one}
   *
   * @since 0.1.0
   */
  public Optional<String> type() {
    JsonNode type = tree.get("type");
    return type != null && type.isString() ? Optional.of(type.asString()) : Optional.empty();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof JsonSchema that && tree.equals(that.tree);
  }

  @Override
  public int hashCode() {
    return tree.hashCode();
  }

  /** {@return the schema as compact JSON text} */
  @Override
  public String toString() {
    return json;
  }

  private static SchemaGenerator createGenerator() {
    SchemaGeneratorConfigBuilder config =
        new SchemaGeneratorConfigBuilder(SchemaJson.MAPPER, SchemaVersion.DRAFT_2020_12, OptionPreset.PLAIN_JSON)
            .with(Option.FORBIDDEN_ADDITIONAL_PROPERTIES_BY_DEFAULT)
            .with(Option.MAP_VALUES_AS_ADDITIONAL_PROPERTIES)
            .without(Option.SCHEMA_VERSION_INDICATOR)
            .with(new JacksonSchemaModule(
                JacksonOption.FLATTENED_ENUMS_FROM_JSONVALUE, JacksonOption.FLATTENED_ENUMS_FROM_JSONPROPERTY));
    // Strict structured output (OpenAI, Gemini) needs every property listed as required.
    config.forFields().withRequiredCheck(field -> !field.isFakeContainerItemScope());
    // The generator sorts properties by name by default; models read them in order, so keep the record's order.
    config.forTypesInGeneral().withPropertySorter(Comparator.comparingInt(JsonSchema::declarationIndex));
    return new SchemaGenerator(config.build());
  }

  /** The member's position among its record's components; other members tie and keep the generator's order. */
  private static int declarationIndex(MemberScope<?, ?> member) {
    Class<?> owner = member.getRawMember().getDeclaringClass();
    if (owner.isRecord()) {
      RecordComponent[] components = owner.getRecordComponents();
      for (int i = 0; i < components.length; i++) {
        if (components[i].getName().equals(member.getDeclaredName())) {
          return i;
        }
      }
    }
    return Integer.MAX_VALUE;
  }
}
