package ai.beluga.schema;

/**
 * Why a model stopped generating, normalized across providers.
 *
 * <p>Providers name their reasons differently ({@code stop}, {@code end_turn}, {@code STOP}, {@code stop_sequence},
 * {@code tool_use}, {@code tool_calls}, {@code max_tokens}, {@code length}, ...). Each provider maps its own value to
 * one of these constants, and the raw value is kept beside it (see {@code ChatResponse.rawFinishReason()} and the
 * stream's finished event) so that nothing the provider said is lost.
 *
 * @since 0.1.0
 */
public enum FinishReason {
  /** The model finished its answer naturally, or hit a caller-supplied stop sequence. */
  STOP,
  /** The output token limit (or the context window) was reached; the answer is truncated. */
  LENGTH,
  /** The model asked for one or more tool calls. */
  TOOL_CALLS,
  /** The provider stopped or withheld output under its content policy (including refusals it flags as such). */
  CONTENT_FILTER,
  /** The provider reported an error as the reason for stopping. */
  ERROR,
  /** The provider gave a reason this library does not recognise; see the raw value. */
  OTHER,
  /** The provider gave no reason at all. */
  UNKNOWN;

  /**
   * Returns the lowercase name used on the wire of our own telemetry, for example {@code tool_calls}.
   *
   * @return the lowercase constant name
   * @since 0.1.0
   */
  public String lowerCaseName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
