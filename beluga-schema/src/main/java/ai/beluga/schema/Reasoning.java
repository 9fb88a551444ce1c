package ai.beluga.schema;

import java.util.Objects;
import java.util.Optional;

/**
 * A block of a model's reasoning ("thinking"), kept so that it can be sent back in a multi-turn conversation, as
 * Anthropic requires for extended thinking with tools.
 *
 * <p>A redacted block carries no readable text, only the provider's opaque {@link #redactedData()}.
 *
 * @param text the reasoning text, empty when redacted
 * @param signature the provider's signature over the text, if it sent one
 * @param redactedData the provider's opaque, encrypted reasoning, when the block is redacted
 * @since 0.1.0
 */
public record Reasoning(String text, Optional<String> signature, Optional<String> redactedData) {

  /**
   * Checks the parts are present.
   *
   * @param text the reasoning text, empty when redacted
   * @param signature the provider's signature over the text, if it sent one
   * @param redactedData the provider's opaque, encrypted reasoning, when the block is redacted
   */
  public Reasoning {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(signature, "signature");
    Objects.requireNonNull(redactedData, "redactedData");
  }

  /**
   * Creates a readable reasoning block with no signature.
   *
   * @param text the reasoning text
   * @return the block
   * @since 0.1.0
   */
  public static Reasoning of(String text) {
    return new Reasoning(text, Optional.empty(), Optional.empty());
  }

  /**
   * Creates a redacted reasoning block.
   *
   * @param data the provider's opaque data
   * @return the block
   * @since 0.1.0
   */
  public static Reasoning redacted(String data) {
    return new Reasoning("", Optional.empty(), Optional.of(data));
  }

  /**
   * {@return whether this block is redacted}
   *
   * @since 0.1.0
   */
  public boolean isRedacted() {
    return redactedData.isPresent();
  }
}
