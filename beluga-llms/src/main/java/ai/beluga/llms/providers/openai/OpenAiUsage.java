package ai.beluga.llms.providers.openai;

import ai.beluga.schema.Usage;
import tools.jackson.databind.JsonNode;

/**
 * Reads a Chat Completions {@code usage} object: {@code prompt_tokens}, {@code completion_tokens},
 * {@code total_tokens}, {@code prompt_tokens_details.cached_tokens} and
 * {@code completion_tokens_details.reasoning_tokens}; DeepSeek's {@code prompt_cache_hit_tokens} stands in for the
 * cached count when the details are missing. A count the server did not send stays absent, never zero. Internal to
 * the provider.
 */
final class OpenAiUsage {
  private OpenAiUsage() {}

  static Usage of(JsonNode usage) {
    if (usage == null || !usage.isObject()) {
      return Usage.empty();
    }
    Usage.Builder builder = Usage.builder();
    count(usage.get("prompt_tokens"), builder::inputTokens);
    count(usage.get("completion_tokens"), builder::outputTokens);
    count(usage.get("total_tokens"), builder::totalTokens);
    JsonNode cached = usage.path("prompt_tokens_details").get("cached_tokens");
    count(cached != null && cached.isNumber() ? cached : usage.get("prompt_cache_hit_tokens"),
        builder::cachedInputTokens);
    count(usage.path("completion_tokens_details").get("reasoning_tokens"), builder::reasoningOutputTokens);
    builder.raw(usage.toString());
    return builder.build();
  }

  private static void count(JsonNode node, java.util.function.LongConsumer sink) {
    if (node != null && node.isNumber()) {
      sink.accept(node.asLong());
    }
  }
}
