package ai.beluga.llms.providers.anthropic;

import ai.beluga.schema.FinishReason;

/**
 * Maps Anthropic's {@code stop_reason} to a {@link FinishReason}.
 *
 * <ul>
 *   <li>{@code end_turn}, {@code stop_sequence}: {@code STOP}
 *   <li>{@code max_tokens}, {@code model_context_window_exceeded}: {@code LENGTH}
 *   <li>{@code tool_use}: {@code TOOL_CALLS} ({@code STOP} when the only tool called is the structured-output tool)
 *   <li>{@code refusal}: {@code CONTENT_FILTER}
 *   <li>{@code pause_turn} and anything else: {@code OTHER}, with the raw value kept
 * </ul>
 */
final class AnthropicFinishReasons {
  private AnthropicFinishReasons() {}

  static FinishReason of(String stopReason) {
    if (stopReason == null) {
      return FinishReason.UNKNOWN;
    }
    switch (stopReason) {
      case "end_turn":
      case "stop_sequence":
        return FinishReason.STOP;
      case "max_tokens":
      case "model_context_window_exceeded":
        return FinishReason.LENGTH;
      case "tool_use":
        return FinishReason.TOOL_CALLS;
      case "refusal":
        return FinishReason.CONTENT_FILTER;
      default:
        return FinishReason.OTHER;
    }
  }

  /** The reason with the structured-output tool taken into account: calling only that tool is a normal answer. */
  static FinishReason of(String stopReason, boolean onlyResponseTool) {
    FinishReason reason = of(stopReason);
    return reason == FinishReason.TOOL_CALLS && onlyResponseTool ? FinishReason.STOP : reason;
  }
}
