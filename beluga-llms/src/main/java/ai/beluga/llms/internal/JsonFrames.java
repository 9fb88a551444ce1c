package ai.beluga.llms.internal;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.exc.StreamReadException;

/**
 * Internal API: may change in any release.
 *
 * <p>What the stream decoders share when they read a frame once, straight from the engine's byte slice, with a
 * streaming parser and a {@code switch} on property names (STYLE section 6): opening the parser on {@link Json#FACTORY},
 * the loop over an object's fields, skipping a value, reading a scalar as a string, reading a string that is one of a
 * few constants without allocating, and failing on tokens after the frame's value as {@code readTree} does. Stateless
 * and thread-safe; a parser is used by one thread.
 *
 * <pre>{@code
 * try (JsonParser parser = JsonFrames.parser(data, offset, length)) {
 *   if (JsonFrames.startObject(parser)) {
 *     JsonFrames.readFields(parser, frame, AcmeStreamDecoder::frameField);
 *   }
 *   JsonFrames.requireEnd(parser);
 * }
 * }</pre>
 */
public final class JsonFrames {
  private JsonFrames() {}

  /**
   * Reads one field of an object into a target.
   *
   * @param <T> the target's type
   */
  @FunctionalInterface
  public interface FieldReader<T> {
    /**
     * Reads the field's value if this reader knows the field.
     *
     * @param parser the parser, on the value's first token
     * @param name the field's name
     * @param value the value's first token
     * @param target what the value goes into
     * @return whether the reader consumed the value; when {@code false}, {@link JsonFrames#readFields} skips it
     */
    boolean read(JsonParser parser, String name, JsonToken value, T target);
  }

  /**
   * Opens a streaming parser on a frame's bytes with the library's factory and its read limits.
   *
   * @param data the buffer
   * @param offset where the frame starts
   * @param length the frame's length in bytes
   * @return the parser, before its first token
   */
  public static JsonParser parser(byte[] data, int offset, int length) {
    return Json.FACTORY.createParser(ObjectReadContext.empty(), data, offset, length);
  }

  /**
   * Moves a new parser to its first token and tells whether the frame is an object; when it is not (blank data, or
   * another value), the value is skipped, so that {@link #requireEnd} still fails on broken or trailing input.
   *
   * @param parser a parser before its first token
   * @return whether the parser now stands on the frame's {@code START_OBJECT}
   */
  public static boolean startObject(JsonParser parser) {
    JsonToken first = parser.nextToken();
    if (first == JsonToken.START_OBJECT) {
      return true;
    }
    if (first != null) {
      parser.skipChildren();
    }
    return false;
  }

  /**
   * Reads the fields of the object the parser stands on, handing each one to the reader; a field the reader does not
   * take is skipped. Leaves the parser on the object's {@code END_OBJECT}.
   *
   * @param <T> the target's type
   * @param parser the parser, on the object's {@code START_OBJECT}
   * @param target what the fields go into
   * @param reader reads one field
   */
  public static <T> void readFields(JsonParser parser, T target, FieldReader<T> reader) {
    String name;
    while ((name = parser.nextName()) != null) {
      JsonToken value = parser.nextToken();
      if (!reader.read(parser, name, value, target)) {
        parser.skipChildren();
      }
    }
  }

  /**
   * Skips the value the parser stands on.
   *
   * @param <T> any type, so that a conditional expression can use it for "none"
   * @param parser the parser, on the value's first token
   * @return {@code null}
   */
  public static <T> T skip(JsonParser parser) {
    parser.skipChildren();
    return null;
  }

  /**
   * Reads a string value; another value is skipped and reads as {@code null} (where a tree path took only strings).
   *
   * @param parser the parser, on the value's first token
   * @param value that token
   * @return the string, or {@code null}
   */
  public static String string(JsonParser parser, JsonToken value) {
    if (value == JsonToken.VALUE_STRING) {
      return parser.getString();
    }
    parser.skipChildren();
    return null;
  }

  /**
   * Reads a value's text as Jackson 3's {@code JsonNode.asString(fallback)} gives it: a string, a number (as the
   * node would print it: {@code 1.50} is {@code 1.5}) or a boolean as text, {@code null} as empty text (not the
   * fallback), and the fallback for a container (skipped).
   *
   * @param parser the parser, on the value's first token
   * @param value that token
   * @param fallback what a container reads as
   * @return the text, or the fallback
   */
  public static String text(JsonParser parser, JsonToken value, String fallback) {
    switch (value) {
      case VALUE_STRING:
      case VALUE_TRUE:
      case VALUE_FALSE:
        return parser.getString();
      case VALUE_NUMBER_INT:
        return parser.getNumberValue().toString();
      case VALUE_NUMBER_FLOAT:
        return String.valueOf(parser.getDoubleValue());
      case VALUE_NULL:
        return "";
      default:
        parser.skipChildren();
        return fallback;
    }
  }

  /**
   * Reads a string value that is one of these constants as the constant (no new string); another one as a new
   * string.
   *
   * @param parser the parser, on a {@code VALUE_STRING}
   * @param constants the values expected, most frequent first
   * @return the matching constant, or the value as a new string
   */
  public static String known(JsonParser parser, String[] constants) {
    char[] chars = parser.getStringCharacters();
    int offset = parser.getStringOffset();
    int length = parser.getStringLength();
    for (String constant : constants) {
      if (constant.length() == length && matches(constant, chars, offset)) {
        return constant;
      }
    }
    return new String(chars, offset, length);
  }

  /**
   * Reads an index as Jackson 3's {@code JsonNode.asInt(fallback)} reads it: an integer in the int range, a fraction
   * in range truncated, a string that is a whole integer (untrimmed); anything else, out of range included, is the
   * fallback (a container is skipped).
   *
   * @param parser the parser, on the value's first token
   * @param value that token
   * @param fallback what another value reads as
   * @return the index, or the fallback
   */
  public static int intValue(JsonParser parser, JsonToken value, int fallback) {
    switch (value) {
      case VALUE_NUMBER_INT:
        return parser.getNumberType() == JsonParser.NumberType.INT ? parser.getIntValue() : fallback;
      case VALUE_NUMBER_FLOAT: {
        double number = parser.getDoubleValue();
        return number >= Integer.MIN_VALUE && number <= Integer.MAX_VALUE ? (int) number : fallback;
      }
      case VALUE_STRING:
        try {
          return Integer.parseInt(parser.getString());
        } catch (NumberFormatException e) {
          return fallback;
        }
      default:
        parser.skipChildren();
        return fallback;
    }
  }

  /**
   * Fails on tokens after the frame's value, as {@code readTree} does.
   *
   * @param parser the parser, past the frame's value
   * @throws StreamReadException if another token follows
   */
  public static void requireEnd(JsonParser parser) {
    if (parser.nextToken() != null) {
      throw new StreamReadException(parser, "trailing tokens after the frame's JSON value");
    }
  }

  private static boolean matches(String constant, char[] chars, int offset) {
    for (int i = 0, n = constant.length(); i < n; i++) {
      if (constant.charAt(i) != chars[offset + i]) {
        return false;
      }
    }
    return true;
  }
}
