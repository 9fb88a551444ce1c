package ai.beluga.llms;

import ai.beluga.schema.FinishReason;
import ai.beluga.schema.Message;
import ai.beluga.schema.ToolCall;
import ai.beluga.schema.Usage;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A model's complete answer: the assistant message (text, reasoning, tool calls), token usage, why it stopped, and
 * what the provider said about the response.
 *
 * <p>{@code ChatStream.collect()} builds the same value from a stream that {@code chat} returns for the same answer.
 * Immutable and thread-safe.
 *
 * <pre>{@code
 * ChatResponse response = model.chat("Hello");
 * System.out.println(response.text());
 * response.usage().outputTokens().ifPresent(n -> System.out.println(n + " tokens"));
 * }</pre>
 *
 * @param message the assistant's message, ready to append to the conversation
 * @param usage token usage; absent counts were not reported
 * @param finishReason why the model stopped, normalized
 * @param rawFinishReason the provider's own value for it
 * @param id the provider's response id
 * @param model the model that answered, as the provider named it
 * @param metadata provider metadata worth keeping (rate-limit headers, system fingerprint, ...)
 * @since 0.1.0
 */
public record ChatResponse(
    Message.Assistant message,
    Usage usage,
    FinishReason finishReason,
    Optional<String> rawFinishReason,
    Optional<String> id,
    Optional<String> model,
    Map<String, String> metadata) {

  /**
   * Checks the parts are present and copies the metadata.
   *
   * @param message the assistant's message, ready to append to the conversation
   * @param usage token usage; absent counts were not reported
   * @param finishReason why the model stopped, normalized
   * @param rawFinishReason the provider's own value for it
   * @param id the provider's response id
   * @param model the model that answered, as the provider named it
   * @param metadata provider metadata worth keeping (rate-limit headers, system fingerprint, ...)
   */
  public ChatResponse {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(usage, "usage");
    Objects.requireNonNull(finishReason, "finishReason");
    Objects.requireNonNull(rawFinishReason, "rawFinishReason");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(model, "model");
    metadata = Map.copyOf(metadata);
  }

  /**
   * Creates a response holding text only, with the finish reason {@code STOP}; handy in tests.
   *
   * @param text the answer
   * @return the response
   * @since 0.1.0
   */
  public static ChatResponse ofText(String text) {
    return new ChatResponse(Message.assistant(text), Usage.empty(), FinishReason.STOP, Optional.empty(),
        Optional.empty(), Optional.empty(), Map.of());
  }

  /**
   * {@return the answer's text; empty when the model only called tools}
   *
   * @since 0.1.0
   */
  public String text() {
    return message.text();
  }

  /**
   * {@return the tool calls the model asked for, in order}
   *
   * @since 0.1.0
   */
  public List<ToolCall> toolCalls() {
    return message.toolCalls();
  }

  /**
   * {@return whether the model asked for at least one tool call}
   *
   * @since 0.1.0
   */
  public boolean hasToolCalls() {
    return message.hasToolCalls();
  }
}
