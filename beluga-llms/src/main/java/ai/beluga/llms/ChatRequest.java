package ai.beluga.llms;

import ai.beluga.schema.Message;
import ai.beluga.schema.ResponseFormat;
import ai.beluga.schema.ToolChoice;
import ai.beluga.schema.ToolDefinition;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One call to a chat model: the conversation, the tools it may call, how it must choose them, the shape of its answer,
 * and generation options.
 *
 * <pre>{@code
 * ChatRequest request = ChatRequest.builder()
 *     .addMessage(Message.system("Answer in one word."))
 *     .addMessage(Message.user("Capital of France?"))
 *     .options(ChatOptions.builder().temperature(0).build())
 *     .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param messages the conversation, at least one message
 * @param tools the tools the model may call; empty means none
 * @param toolChoice how the model must choose tools; empty leaves it to the provider's default
 * @param responseFormat the shape of the answer; empty means free text
 * @param options generation options, laid over the model's defaults
 * @since 0.1.0
 */
public record ChatRequest(
    List<Message> messages,
    List<ToolDefinition> tools,
    Optional<ToolChoice> toolChoice,
    Optional<ResponseFormat> responseFormat,
    ChatOptions options) {

  /**
   * Checks the request is whole and copies the lists.
   *
   * @param messages the conversation, at least one message
   * @param tools the tools the model may call; empty means none
   * @param toolChoice how the model must choose tools; empty leaves it to the provider's default
   * @param responseFormat the shape of the answer; empty means free text
   * @param options generation options, laid over the model's defaults
   * @throws IllegalArgumentException if there is no message, two tools share a name, or a named tool choice names a
   *     tool that is not among the tools
   */
  public ChatRequest {
    messages = List.copyOf(messages);
    tools = List.copyOf(tools);
    Objects.requireNonNull(toolChoice, "toolChoice");
    Objects.requireNonNull(responseFormat, "responseFormat");
    Objects.requireNonNull(options, "options");
    if (messages.isEmpty()) {
      throw new IllegalArgumentException("a chat request needs at least one message");
    }
    Set<String> names = new HashSet<>();
    for (ToolDefinition tool : tools) {
      if (!names.add(tool.name())) {
        throw new IllegalArgumentException("two tools are named '" + tool.name() + "'; tool names must be unique");
      }
    }
    if (toolChoice.isPresent() && toolChoice.get() instanceof ToolChoice.Named && !tools.isEmpty()) {
      String wanted = ((ToolChoice.Named) toolChoice.get()).name();
      if (!names.contains(wanted)) {
        throw new IllegalArgumentException("tool choice names '" + wanted + "', which is not among the tools "
            + names);
      }
    }
  }

  /**
   * Creates a request holding one user message.
   *
   * @param userMessage the user's words
   * @return the request
   * @since 0.1.0
   */
  public static ChatRequest of(String userMessage) {
    return builder().addMessage(Message.user(userMessage)).build();
  }

  /**
   * Creates a request holding a conversation.
   *
   * @param messages the conversation
   * @return the request
   * @since 0.1.0
   */
  public static ChatRequest of(Message... messages) {
    return builder().messages(List.of(messages)).build();
  }

  /**
   * {@return an empty builder}
   *
   * @since 0.1.0
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * {@return a builder holding this request}
   *
   * @since 0.1.0
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.messages.addAll(messages);
    b.tools.addAll(tools);
    b.toolChoice = toolChoice.orElse(null);
    b.responseFormat = responseFormat.orElse(null);
    b.options = options;
    return b;
  }

  /**
   * {@return a copy with other options}
   *
   * @param options the options
   * @since 0.1.0
   */
  public ChatRequest withOptions(ChatOptions options) {
    return new ChatRequest(messages, tools, toolChoice, responseFormat, options);
  }

  /**
   * {@return a copy with other tools}
   *
   * @param tools the tools the model may call; empty means none
   * @throws IllegalArgumentException if two tools share a name, or the tool choice names a tool that is not among them
   * @since 0.1.0
   */
  public ChatRequest withTools(List<ToolDefinition> tools) {
    return new ChatRequest(messages, tools, toolChoice, responseFormat, options);
  }

  /**
   * Builds a {@link ChatRequest}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final List<Message> messages = new ArrayList<>();
    private final List<ToolDefinition> tools = new ArrayList<>();
    private ToolChoice toolChoice;
    private ResponseFormat responseFormat;
    private ChatOptions options = ChatOptions.none();

    private Builder() {}

    /**
     * Replaces the conversation.
     *
     * @param messages the messages
     * @return this builder
     * @since 0.1.0
     */
    public Builder messages(List<? extends Message> messages) {
      this.messages.clear();
      this.messages.addAll(messages);
      return this;
    }

    /**
     * Appends a message.
     *
     * @param message the message
     * @return this builder
     * @since 0.1.0
     */
    public Builder addMessage(Message message) {
      messages.add(Objects.requireNonNull(message, "message"));
      return this;
    }

    /**
     * Replaces the tools.
     *
     * @param tools the tools
     * @return this builder
     * @since 0.1.0
     */
    public Builder tools(List<ToolDefinition> tools) {
      this.tools.clear();
      this.tools.addAll(tools);
      return this;
    }

    /**
     * Appends a tool.
     *
     * @param tool the tool
     * @return this builder
     * @since 0.1.0
     */
    public Builder addTool(ToolDefinition tool) {
      tools.add(Objects.requireNonNull(tool, "tool"));
      return this;
    }

    /**
     * Sets how the model must choose tools.
     *
     * @param toolChoice the choice
     * @return this builder
     * @since 0.1.0
     */
    public Builder toolChoice(ToolChoice toolChoice) {
      this.toolChoice = Objects.requireNonNull(toolChoice, "toolChoice");
      return this;
    }

    /**
     * Sets the shape of the answer.
     *
     * @param responseFormat the format
     * @return this builder
     * @since 0.1.0
     */
    public Builder responseFormat(ResponseFormat responseFormat) {
      this.responseFormat = Objects.requireNonNull(responseFormat, "responseFormat");
      return this;
    }

    /**
     * Sets the generation options.
     *
     * @param options the options
     * @return this builder
     * @since 0.1.0
     */
    public Builder options(ChatOptions options) {
      this.options = Objects.requireNonNull(options, "options");
      return this;
    }

    /**
     * {@return the request}
     *
     * @throws IllegalArgumentException if the request is not whole (see the record's constructor)
     * @since 0.1.0
     */
    public ChatRequest build() {
      return new ChatRequest(messages, tools, Optional.ofNullable(toolChoice), Optional.ofNullable(responseFormat),
          options);
    }
  }
}
