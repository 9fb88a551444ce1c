package ai.beluga.schema;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Token counts reported by a provider for one call.
 *
 * <p>An absent count is not zero: a provider that does not report reasoning tokens leaves
 * {@link #reasoningOutputTokens()} empty. Following the OpenTelemetry GenAI conventions, {@link #inputTokens()}
 * includes cached input tokens (Anthropic reports them separately; its provider adds them back), and
 * {@link #outputTokens()} includes reasoning tokens. {@link #totalTokens()} is the provider's own total when it sends
 * one, otherwise input plus output when both are known.
 *
 * <p>Immutable and thread-safe. {@link #raw()} keeps the provider's own usage object as JSON text, for fields this
 * type does not model.
 *
 * <pre>{@code
 * Usage usage = Usage.of(120, 40);
 * long billed = usage.inputTokens().orElse(0) + usage.outputTokens().orElse(0);
 * }</pre>
 *
 * @param inputTokens prompt tokens, including cached ones
 * @param outputTokens completion tokens, including reasoning ones
 * @param totalTokens total tokens
 * @param cachedInputTokens input tokens served from (or written to) the provider's prompt cache
 * @param reasoningOutputTokens output tokens spent on hidden reasoning
 * @param raw the provider's usage object as JSON text, when it sent one
 * @since 0.1.0
 */
public record Usage(
    OptionalLong inputTokens,
    OptionalLong outputTokens,
    OptionalLong totalTokens,
    OptionalLong cachedInputTokens,
    OptionalLong reasoningOutputTokens,
    Optional<String> raw) {

  private static final Usage EMPTY =
      new Usage(OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(),
          OptionalLong.empty(), Optional.empty());

  /**
   * Validates the counts and derives the total when the provider did not send one.
   *
   * @param inputTokens prompt tokens, including cached ones
   * @param outputTokens completion tokens, including reasoning ones
   * @param totalTokens total tokens
   * @param cachedInputTokens input tokens served from (or written to) the provider's prompt cache
   * @param reasoningOutputTokens output tokens spent on hidden reasoning
   * @param raw the provider's usage object as JSON text, when it sent one
   * @throws IllegalArgumentException if a count is negative
   */
  public Usage {
    Objects.requireNonNull(inputTokens, "inputTokens");
    Objects.requireNonNull(outputTokens, "outputTokens");
    Objects.requireNonNull(totalTokens, "totalTokens");
    Objects.requireNonNull(cachedInputTokens, "cachedInputTokens");
    Objects.requireNonNull(reasoningOutputTokens, "reasoningOutputTokens");
    Objects.requireNonNull(raw, "raw");
    requireNonNegative(inputTokens, "inputTokens");
    requireNonNegative(outputTokens, "outputTokens");
    requireNonNegative(totalTokens, "totalTokens");
    requireNonNegative(cachedInputTokens, "cachedInputTokens");
    requireNonNegative(reasoningOutputTokens, "reasoningOutputTokens");
    if (totalTokens.isEmpty() && inputTokens.isPresent() && outputTokens.isPresent()) {
      totalTokens = OptionalLong.of(inputTokens.getAsLong() + outputTokens.getAsLong());
    }
  }

  /**
   * {@return usage with no counts at all, for a provider that reported none}
   *
   * @since 0.1.0
   */
  public static Usage empty() {
    return EMPTY;
  }

  /**
   * Creates usage from input and output counts; the total is their sum.
   *
   * @param inputTokens prompt tokens
   * @param outputTokens completion tokens
   * @return the usage
   * @since 0.1.0
   */
  public static Usage of(long inputTokens, long outputTokens) {
    return builder().inputTokens(inputTokens).outputTokens(outputTokens).build();
  }

  /**
   * {@return a builder with no counts set}
   *
   * @since 0.1.0
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * {@return whether the provider reported no count at all}
   *
   * @since 0.1.0
   */
  public boolean isEmpty() {
    return inputTokens.isEmpty() && outputTokens.isEmpty() && totalTokens.isEmpty()
        && cachedInputTokens.isEmpty() && reasoningOutputTokens.isEmpty();
  }

  /**
   * Combines this usage with a later report from the same call, as streams send usage in parts (Anthropic sends input
   * tokens first and output tokens at the end). A count present in {@code later} wins; absent ones keep this value.
   *
   * @param later the later report
   * @return the combined usage
   * @since 0.1.0
   */
  public Usage mergedWith(Usage later) {
    Objects.requireNonNull(later, "later");
    OptionalLong input = pick(later.inputTokens, inputTokens);
    OptionalLong output = pick(later.outputTokens, outputTokens);
    // A total is only kept when the later report carried one; otherwise it is derived again from the parts.
    OptionalLong total = later.totalTokens.isPresent() ? later.totalTokens
        : (input.isPresent() && output.isPresent()) ? OptionalLong.empty() : totalTokens;
    return new Usage(input, output, total, pick(later.cachedInputTokens, cachedInputTokens),
        pick(later.reasoningOutputTokens, reasoningOutputTokens), later.raw.isPresent() ? later.raw : raw);
  }

  private static OptionalLong pick(OptionalLong preferred, OptionalLong fallback) {
    return preferred.isPresent() ? preferred : fallback;
  }

  private static void requireNonNegative(OptionalLong value, String name) {
    if (value.isPresent() && value.getAsLong() < 0) {
      throw new IllegalArgumentException(name + " must not be negative, was " + value.getAsLong());
    }
  }

  /**
   * Builds a {@link Usage}; counts left unset stay absent. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private OptionalLong inputTokens = OptionalLong.empty();
    private OptionalLong outputTokens = OptionalLong.empty();
    private OptionalLong totalTokens = OptionalLong.empty();
    private OptionalLong cachedInputTokens = OptionalLong.empty();
    private OptionalLong reasoningOutputTokens = OptionalLong.empty();
    private String raw;

    private Builder() {}

    /**
     * Sets the input token count.
     *
     * @param count the count, not negative
     * @return this builder
     * @since 0.1.0
     */
    public Builder inputTokens(long count) {
      this.inputTokens = OptionalLong.of(count);
      return this;
    }

    /**
     * Sets the output token count.
     *
     * @param count the count, not negative
     * @return this builder
     * @since 0.1.0
     */
    public Builder outputTokens(long count) {
      this.outputTokens = OptionalLong.of(count);
      return this;
    }

    /**
     * Sets the provider's total token count.
     *
     * @param count the count, not negative
     * @return this builder
     * @since 0.1.0
     */
    public Builder totalTokens(long count) {
      this.totalTokens = OptionalLong.of(count);
      return this;
    }

    /**
     * Sets the cached input token count.
     *
     * @param count the count, not negative
     * @return this builder
     * @since 0.1.0
     */
    public Builder cachedInputTokens(long count) {
      this.cachedInputTokens = OptionalLong.of(count);
      return this;
    }

    /**
     * Sets the reasoning output token count.
     *
     * @param count the count, not negative
     * @return this builder
     * @since 0.1.0
     */
    public Builder reasoningOutputTokens(long count) {
      this.reasoningOutputTokens = OptionalLong.of(count);
      return this;
    }

    /**
     * Keeps the provider's usage object as JSON text.
     *
     * @param json the provider's usage object
     * @return this builder
     * @since 0.1.0
     */
    public Builder raw(String json) {
      this.raw = Objects.requireNonNull(json, "json");
      return this;
    }

    /**
     * {@return the usage}
     *
     * @throws IllegalArgumentException if a count is negative
     * @since 0.1.0
     */
    public Usage build() {
      return new Usage(inputTokens, outputTokens, totalTokens, cachedInputTokens, reasoningOutputTokens,
          Optional.ofNullable(raw));
    }
  }
}
