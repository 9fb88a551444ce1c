package ai.beluga.llms.providers.anthropic;

import ai.beluga.schema.Usage;
import tools.jackson.databind.JsonNode;

/**
 * Reads Anthropic's {@code usage} object into a {@link Usage}, following the OpenTelemetry GenAI conventions:
 * {@code inputTokens = input_tokens + cache_read_input_tokens + cache_creation_input_tokens} (Anthropic counts the
 * cached parts apart from {@code input_tokens}), {@code cachedInputTokens = cache_read_input_tokens} (tokens served
 * from the cache; tokens written to it are billed as input and stay visible in {@link Usage#raw()}), and
 * {@code outputTokens = output_tokens}, which include thinking.
 *
 * <p>A stream reports usage twice: in {@code message_start} and, cumulatively, in {@code message_delta}, which may
 * repeat only some fields. {@link Accumulator} keeps the last value seen of each field so that every reported
 * {@code Usage} is whole.
 */
final class AnthropicUsage {
  private AnthropicUsage() {}

  static Usage of(JsonNode usage) {
    Accumulator accumulator = new Accumulator();
    accumulator.add(usage);
    return accumulator.usage();
  }

  /** The last value seen of each usage field of one answer. Not thread-safe. */
  static final class Accumulator {
    private long input = -1;
    private long cacheRead = -1;
    private long cacheCreation = -1;
    private long output = -1;
    private String raw;

    /** Adds a usage object; returns whether it held anything. */
    boolean add(JsonNode usage) {
      if (usage == null || !usage.isObject()) {
        return false;
      }
      input = pick(usage, "input_tokens", input);
      cacheRead = pick(usage, "cache_read_input_tokens", cacheRead);
      cacheCreation = pick(usage, "cache_creation_input_tokens", cacheCreation);
      output = pick(usage, "output_tokens", output);
      raw = usage.toString();
      return true;
    }

    Usage usage() {
      Usage.Builder builder = Usage.builder();
      if (input >= 0 || cacheRead >= 0 || cacheCreation >= 0) {
        builder.inputTokens(Math.max(input, 0) + Math.max(cacheRead, 0) + Math.max(cacheCreation, 0));
      }
      if (cacheRead >= 0) {
        builder.cachedInputTokens(cacheRead);
      }
      if (output >= 0) {
        builder.outputTokens(output);
      }
      if (raw != null) {
        builder.raw(raw);
      }
      return builder.build();
    }

    private static long pick(JsonNode usage, String field, long previous) {
      JsonNode value = usage.get(field);
      return value != null && value.isNumber() ? value.asLong() : previous;
    }
  }
}
