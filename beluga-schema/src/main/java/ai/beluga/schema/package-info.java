/**
 * Messages, content parts, tools, tool calls, response formats, JSON Schema, usage and finish reasons.
 *
 * <p>Every type in this package is an immutable value and safe to share between threads. Unless otherwise stated, a
 * null argument to any constructor or method causes a {@link java.lang.NullPointerException}; absent values are
 * {@link java.util.Optional}, {@link java.util.OptionalLong} and friends, and empty lists mean "none".
 *
 * <pre>{@code
 * List<Message> conversation = List.of(
 *     Message.system("You are terse."),
 *     Message.user("What is the capital of France?"));
 * }</pre>
 *
 * @since 0.1.0
 */
package ai.beluga.schema;
