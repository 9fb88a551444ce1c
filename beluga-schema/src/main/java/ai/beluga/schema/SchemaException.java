package ai.beluga.schema;

/**
 * Thrown when a value in this package cannot be built or read: for example tool-call arguments that are not valid
 * JSON, a JSON Schema that is not a JSON object, or a Java type a schema cannot be generated for.
 *
 * <p>The message names the value at fault (such as the tool's name) and what to do about it. It never contains the
 * full offending payload, which may hold user data.
 *
 * @since 0.1.0
 */
public final class SchemaException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message and the underlying cause.
   *
   * @param message what was wrong and how to fix it
   * @param cause the parser or generator failure, or null
   * @since 0.1.0
   */
  public SchemaException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Creates an exception with a message.
   *
   * @param message what was wrong and how to fix it
   * @since 0.1.0
   */
  public SchemaException(String message) {
    super(message);
  }
}
