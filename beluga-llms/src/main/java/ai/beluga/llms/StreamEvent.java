package ai.beluga.llms;

import ai.beluga.schema.FinishReason;
import ai.beluga.schema.Reasoning;
import ai.beluga.schema.ToolCall;
import ai.beluga.schema.Usage;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One event of a streamed answer, the same for every provider.
 *
 * <p>A well-formed stream is: one {@link ResponseStarted}; any number of {@link TextDelta}, {@link ReasoningDelta},
 * {@link ReasoningCompleted}, {@link ToolCallStarted}, {@link ToolCallDelta}, {@link ToolCallCompleted} and
 * {@link UsageReported}; then exactly one {@link Finished}, after which only {@link UsageReported} may follow (OpenAI
 * sends usage in a last chunk of its own). Errors are not events: they end the stream with an
 * {@code LlmException}, thrown by the iterator or passed to {@code onError}.
 *
 * <pre>{@code
 * for (StreamEvent event : stream) {
 *   if (event instanceof StreamEvent.TextDelta delta) {
 *     System.out.print(delta.text());
 *   }
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public sealed interface StreamEvent {

  /**
   * The provider accepted the request and started answering.
   *
   * @param id the provider's response id, if it sent one
   * @param model the model that answers, if the provider said
   * @param metadata provider metadata worth keeping, such as rate-limit headers
   * @since 0.1.0
   */
  record ResponseStarted(Optional<String> id, Optional<String> model, Map<String, String> metadata)
      implements StreamEvent {
    /**
     * Checks the parts are present and copies the metadata.
     *
     * @param id the provider's response id, if it sent one
     * @param model the model that answers, if the provider said
     * @param metadata provider metadata worth keeping, such as rate-limit headers
     */
    public ResponseStarted {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(model, "model");
      metadata = Map.copyOf(metadata);
    }
  }

  /**
   * A fragment of the answer's text.
   *
   * @param text the fragment, not empty
   * @since 0.1.0
   */
  record TextDelta(String text) implements StreamEvent {
    /**
     * Checks the text is present.
     *
     * @param text the fragment, not empty
     */
    public TextDelta {
      Objects.requireNonNull(text, "text");
    }
  }

  /**
   * A fragment of the model's reasoning text.
   *
   * @param text the fragment
   * @since 0.1.0
   */
  record ReasoningDelta(String text) implements StreamEvent {
    /**
     * Checks the text is present.
     *
     * @param text the fragment
     */
    public ReasoningDelta {
      Objects.requireNonNull(text, "text");
    }
  }

  /**
   * A whole reasoning block, sent when the provider closes it, with its signature or redacted data (Anthropic). When
   * a stream carries these, they replace the reasoning deltas in the collected response.
   *
   * @param reasoning the block
   * @since 0.1.0
   */
  record ReasoningCompleted(Reasoning reasoning) implements StreamEvent {
    /**
     * Checks the block is present.
     *
     * @param reasoning the block
     */
    public ReasoningCompleted {
      Objects.requireNonNull(reasoning, "reasoning");
    }
  }

  /**
   * The model started a tool call.
   *
   * @param index the call's position among this answer's tool calls, from zero
   * @param id the provider's id for the call
   * @param name the tool's name
   * @since 0.1.0
   */
  record ToolCallStarted(int index, String id, String name) implements StreamEvent {
    /**
     * Checks the parts are present.
     *
     * @param index the call's position among this answer's tool calls, from zero
     * @param id the provider's id for the call
     * @param name the tool's name
     */
    public ToolCallStarted {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(name, "name");
    }
  }

  /**
   * A fragment of a tool call's arguments. Fragments are not JSON on their own; a prefix of them may happen to parse,
   * so wait for {@link ToolCallCompleted} before reading the arguments.
   *
   * @param index the call's index
   * @param argumentsDelta the next characters of the arguments
   * @since 0.1.0
   */
  record ToolCallDelta(int index, String argumentsDelta) implements StreamEvent {
    /**
     * Checks the fragment is present.
     *
     * @param index the call's index
     * @param argumentsDelta the next characters of the arguments
     */
    public ToolCallDelta {
      Objects.requireNonNull(argumentsDelta, "argumentsDelta");
    }
  }

  /**
   * The provider closed a tool call; it holds the whole arguments text.
   *
   * @param index the call's index
   * @param toolCall the complete call
   * @since 0.1.0
   */
  record ToolCallCompleted(int index, ToolCall toolCall) implements StreamEvent {
    /**
     * Checks the call is present.
     *
     * @param index the call's index
     * @param toolCall the complete call
     */
    public ToolCallCompleted {
      Objects.requireNonNull(toolCall, "toolCall");
    }
  }

  /**
   * Token usage so far. Later reports are merged over earlier ones field by field
   * ({@link Usage#mergedWith(Usage)}), as providers send usage in parts.
   *
   * @param usage the reported counts
   * @since 0.1.0
   */
  record UsageReported(Usage usage) implements StreamEvent {
    /**
     * Checks the usage is present.
     *
     * @param usage the reported counts
     */
    public UsageReported {
      Objects.requireNonNull(usage, "usage");
    }
  }

  /**
   * The model stopped generating.
   *
   * @param reason the normalized reason
   * @param rawReason the provider's own value, if it sent one
   * @since 0.1.0
   */
  record Finished(FinishReason reason, Optional<String> rawReason) implements StreamEvent {
    /**
     * Checks the parts are present.
     *
     * @param reason the normalized reason
     * @param rawReason the provider's own value, if it sent one
     */
    public Finished {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(rawReason, "rawReason");
    }
  }
}
