package ai.beluga.llms.providers.openai;

import ai.beluga.schema.FinishReason;

/**
 * Maps Chat Completions' {@code finish_reason} to {@link FinishReason}. Internal to the provider.
 *
 * <p>{@code stop} is {@code STOP}, {@code length} is {@code LENGTH}, {@code tool_calls} and the legacy
 * {@code function_call} are {@code TOOL_CALLS}, {@code content_filter} is {@code CONTENT_FILTER}; compatible servers'
 * {@code eos} (llama.cpp) is {@code STOP}, and {@code model_length} (vLLM) is {@code LENGTH}; anything else is
 * {@code OTHER}, and no reason at all is {@code UNKNOWN}.
 */
final class OpenAiFinishReasons {
  private OpenAiFinishReasons() {}

  static FinishReason of(String raw) {
    if (raw == null) {
      return FinishReason.UNKNOWN;
    }
    switch (raw) {
      case "stop":
      case "eos":
      case "end_turn":
        return FinishReason.STOP;
      case "length":
      case "model_length":
        return FinishReason.LENGTH;
      case "tool_calls":
      case "function_call":
        return FinishReason.TOOL_CALLS;
      case "content_filter":
        return FinishReason.CONTENT_FILTER;
      case "error":
        return FinishReason.ERROR;
      default:
        return FinishReason.OTHER;
    }
  }
}
