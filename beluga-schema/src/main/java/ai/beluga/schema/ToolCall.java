package ai.beluga.schema;

import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.exc.InvalidFormatException;

/**
 * A call the model asked for: the call's id, the tool's name and its arguments.
 *
 * <p>The arguments are kept exactly as the provider sent them ({@link #arguments()}), and parsed on demand, either as
 * a tree ({@link #argumentsJson()}) or bound to a Java type ({@link #argumentsAs(Class)}). Streams assemble the
 * arguments from fragments and only build a {@code ToolCall} once the provider has closed the call, so a
 * {@code ToolCall} always holds the whole text.
 *
 * <pre>{@code
 * record WeatherQuery(String city) {}
 * for (ToolCall call : response.toolCalls()) {
 *   WeatherQuery query = call.argumentsAs(WeatherQuery.class);
 * }
 * }</pre>
 *
 * @param id the provider's id for the call, used to match the tool result to it
 * @param name the tool's name
 * @param arguments the arguments as raw JSON text; an empty string is read as {@code {}}
 * @since 0.1.0
 */
public record ToolCall(String id, String name, String arguments) {

  /**
   * Checks the parts are present.
   *
   * @param id the provider's id for the call, used to match the tool result to it
   * @param name the tool's name
   * @param arguments the arguments as raw JSON text; an empty string is read as {@code {}}
   */
  public ToolCall {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(arguments, "arguments");
  }

  /**
   * Creates a tool call.
   *
   * @param id the call's id
   * @param name the tool's name
   * @param arguments the arguments as JSON text
   * @return the call
   * @since 0.1.0
   */
  public static ToolCall of(String id, String name, String arguments) {
    return new ToolCall(id, name, arguments);
  }

  /**
   * Parses the arguments as a JSON tree. A model that calls a tool with no arguments may send an empty string; that
   * reads as an empty object.
   *
   * @return a fresh tree of the arguments, always a JSON object
   * @throws SchemaException naming the tool and call id if the arguments are not valid JSON or not a JSON object
   * @since 0.1.0
   */
  public JsonNode argumentsJson() {
    String text = arguments.isBlank() ? "{}" : arguments;
    JsonNode tree;
    try {
      tree = SchemaJson.MAPPER.readTree(text);
    } catch (JacksonException e) {
      throw new SchemaException(describe() + " are not valid JSON: " + e.getOriginalMessage(), e);
    }
    // Every provider defines tool arguments as an object; anything else (such as "null") would bind to null.
    if (!tree.isObject()) {
      throw new SchemaException(describe() + " must be a JSON object, got " + tree.getNodeType());
    }
    return tree;
  }

  /**
   * Binds the arguments to a Java type with Jackson. Unknown properties are ignored.
   *
   * @param <T> the type
   * @param type the record or class to bind to
   * @return the bound arguments
   * @throws SchemaException naming the tool, the call id and the type if the arguments are not valid JSON, not a JSON
   *     object, or do not fit the type
   * @since 0.1.0
   */
  public <T> T argumentsAs(Class<T> type) {
    Objects.requireNonNull(type, "type");
    JsonNode tree = argumentsJson();
    try {
      return SchemaJson.MAPPER.treeToValue(tree, type);
    } catch (InvalidFormatException e) {
      // Jackson's own message quotes the rejected value, which is the model's (and maybe the user's) text.
      Class<?> target = e.getTargetType();
      throw new SchemaException(describe() + " do not fit " + type.getName() + " at " + jsonPointer(e)
          + ": the value is not a valid " + (target != null ? target.getSimpleName() : "value of that type"), e);
    } catch (JacksonException e) {
      throw new SchemaException(describe() + " do not fit " + type.getName() + " at " + jsonPointer(e) + ": "
          + e.getOriginalMessage(), e);
    }
  }

  private String describe() {
    return "arguments of tool call '" + name + "' (id " + id + ")";
  }

  private static String jsonPointer(JacksonException e) {
    StringBuilder pointer = new StringBuilder();
    for (JacksonException.Reference reference : e.getPath()) {
      String property = reference.getPropertyName();
      pointer.append('/').append(property != null ? property : String.valueOf(reference.getIndex()));
    }
    return pointer.length() == 0 ? "/" : pointer.toString();
  }
}
