package ai.beluga.schema;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One turn of a conversation: a system instruction, a user turn, an assistant turn, or a tool's result.
 *
 * <p>A closed family, matched exhaustively by every provider (a pattern {@code switch} like this one needs Java 21;
 * on Java 17, test each case with {@code instanceof}):
 *
 * <pre>{@code
 * String role = switch (message) {
 *   case Message.System s -> "system";
 *   case Message.User u -> "user";
 *   case Message.Assistant a -> "assistant";
 *   case Message.ToolResult t -> "tool";
 * };
 * }</pre>
 *
 * <p>Build messages with the static factories: {@link #system(String)}, {@link #user(String)},
 * {@link #assistant(String)}, {@link #toolResult(ToolCall, String)}.
 *
 * @since 0.1.0
 */
public sealed interface Message {

  /**
   * Creates a system instruction.
   *
   * @param text the instruction
   * @return the message
   * @since 0.1.0
   */
  static System system(String text) {
    return new System(text);
  }

  /**
   * Creates a user turn holding text.
   *
   * @param text the user's words
   * @return the message
   * @since 0.1.0
   */
  static User user(String text) {
    return new User(List.of(ContentPart.text(text)));
  }

  /**
   * Creates a user turn from content parts (text, images, documents).
   *
   * @param parts the parts, at least one
   * @return the message
   * @since 0.1.0
   */
  static User user(ContentPart... parts) {
    return new User(Arrays.asList(parts));
  }

  /**
   * Creates an assistant turn holding text, as when replaying an earlier answer.
   *
   * @param text the assistant's words
   * @return the message
   * @since 0.1.0
   */
  static Assistant assistant(String text) {
    return new Assistant(text, List.of(), List.of());
  }

  /**
   * Creates an assistant turn that asked for tool calls.
   *
   * @param text any text the assistant said alongside, possibly empty
   * @param toolCalls the calls it asked for
   * @return the message
   * @since 0.1.0
   */
  static Assistant assistant(String text, List<ToolCall> toolCalls) {
    return new Assistant(text, List.of(), toolCalls);
  }

  /**
   * Creates the successful result of a tool call.
   *
   * @param call the call being answered
   * @param content the result, usually JSON or plain text
   * @return the message
   * @since 0.1.0
   */
  static ToolResult toolResult(ToolCall call, String content) {
    return new ToolResult(call.id(), Optional.of(call.name()), content, false);
  }

  /**
   * Creates the result of a tool call that failed; the model sees the content as an error report.
   *
   * @param call the call being answered
   * @param error what went wrong
   * @return the message
   * @since 0.1.0
   */
  static ToolResult toolError(ToolCall call, String error) {
    return new ToolResult(call.id(), Optional.of(call.name()), error, true);
  }

  /**
   * A system instruction.
   *
   * @param text the instruction
   * @since 0.1.0
   */
  record System(String text) implements Message {
    /**
     * Checks the text is present.
     *
     * @param text the instruction
     */
    public System {
      Objects.requireNonNull(text, "text");
    }
  }

  /**
   * A user turn.
   *
   * @param content the parts, at least one
   * @since 0.1.0
   */
  record User(List<ContentPart> content) implements Message {
    /**
     * Copies the parts.
     *
     * @param content the parts, at least one
     * @throws IllegalArgumentException if there are none
     */
    public User {
      content = List.copyOf(content);
      if (content.isEmpty()) {
        throw new IllegalArgumentException("a user message needs at least one content part");
      }
    }

    /**
     * {@return the text parts joined together, without images or documents}
     *
     * @since 0.1.0
     */
    public String text() {
      StringBuilder text = new StringBuilder();
      for (ContentPart part : content) {
        if (part instanceof ContentPart.Text t) {
          text.append(t.text());
        }
      }
      return text.toString();
    }
  }

  /**
   * An assistant turn: what the model said, how it reasoned, and the tools it asked to call.
   *
   * @param text the answer text, empty when the model only called tools
   * @param reasoning reasoning blocks, in order, to send back where the provider needs them
   * @param toolCalls the tool calls, in the order the model made them
   * @since 0.1.0
   */
  record Assistant(String text, List<Reasoning> reasoning, List<ToolCall> toolCalls) implements Message {
    /**
     * Checks the text is present and copies the lists.
     *
     * @param text the answer text, empty when the model only called tools
     * @param reasoning reasoning blocks, in order, to send back where the provider needs them
     * @param toolCalls the tool calls, in the order the model made them
     */
    public Assistant {
      Objects.requireNonNull(text, "text");
      reasoning = List.copyOf(reasoning);
      toolCalls = List.copyOf(toolCalls);
    }

    /**
     * {@return the readable reasoning text joined together, empty when there is none}
     *
     * @since 0.1.0
     */
    public String reasoningText() {
      if (reasoning.isEmpty()) {
        return "";
      }
      List<String> parts = new ArrayList<>(reasoning.size());
      for (Reasoning block : reasoning) {
        parts.add(block.text());
      }
      return String.join("", parts);
    }

    /**
     * {@return whether the model asked for at least one tool call}
     *
     * @since 0.1.0
     */
    public boolean hasToolCalls() {
      return !toolCalls.isEmpty();
    }
  }

  /**
   * The result of a tool call, sent back to the model.
   *
   * @param toolCallId the id of the call this answers
   * @param toolName the tool's name; some providers (Gemini) need it
   * @param content the result text, usually JSON
   * @param isError whether the tool failed and the content describes the failure
   * @since 0.1.0
   */
  record ToolResult(String toolCallId, Optional<String> toolName, String content, boolean isError)
      implements Message {
    /**
     * Checks the parts are present.
     *
     * @param toolCallId the id of the call this answers
     * @param toolName the tool's name; some providers (Gemini) need it
     * @param content the result text, usually JSON
     * @param isError whether the tool failed and the content describes the failure
     */
    public ToolResult {
      Objects.requireNonNull(toolCallId, "toolCallId");
      Objects.requireNonNull(toolName, "toolName");
      Objects.requireNonNull(content, "content");
    }
  }
}
