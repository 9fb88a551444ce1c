package ai.beluga.llms.providers.anthropic;

import ai.beluga.llms.ProviderOptions;
import java.util.OptionalInt;

/**
 * Options only the {@code anthropic} provider understands, carried in
 * {@link ai.beluga.llms.ChatOptions#providerOptions(Class)}: extended thinking and its token budget.
 *
 * <pre>{@code
 * ChatOptions options = ChatOptions.builder()
 *     .providerOptions(AnthropicOptions.thinking(2048))
 *     .build();
 * ChatResponse response = model.chat(ChatRequest.builder().addMessage(Message.user("...")).options(options).build());
 * response.message().reasoning(); // thinking blocks, with their signatures, to send back in the next turn
 * }</pre>
 *
 * <p>With thinking on, {@code max_tokens} must exceed the budget: when the call sets no {@code maxOutputTokens}, the
 * provider sends the budget plus the config's {@code defaultMaxTokens}. Immutable and thread-safe.
 *
 * @param thinkingBudgetTokens the extended thinking budget ({@code thinking.budget_tokens}); empty leaves thinking off
 * @since 0.1.0
 */
public record AnthropicOptions(OptionalInt thinkingBudgetTokens) implements ProviderOptions {

  /** The smallest budget the Messages API accepts: {@value} tokens. */
  public static final int MIN_THINKING_BUDGET = 1024;

  /**
   * Checks the budget.
   *
   * @param thinkingBudgetTokens the extended thinking budget ({@code thinking.budget_tokens}); empty leaves thinking
   *     off
   * @throws IllegalArgumentException if the budget is below {@value #MIN_THINKING_BUDGET}
   */
  public AnthropicOptions {
    java.util.Objects.requireNonNull(thinkingBudgetTokens, "thinkingBudgetTokens");
    if (thinkingBudgetTokens.isPresent() && thinkingBudgetTokens.getAsInt() < MIN_THINKING_BUDGET) {
      throw new IllegalArgumentException("thinkingBudgetTokens must be at least " + MIN_THINKING_BUDGET + ", was "
          + thinkingBudgetTokens.getAsInt());
    }
  }

  /**
   * Turns extended thinking on.
   *
   * @param budgetTokens the thinking budget, at least {@value #MIN_THINKING_BUDGET}
   * @return the options
   * @throws IllegalArgumentException if the budget is below {@value #MIN_THINKING_BUDGET}
   * @since 0.1.0
   */
  public static AnthropicOptions thinking(int budgetTokens) {
    return new AnthropicOptions(OptionalInt.of(budgetTokens));
  }

  /**
   * {@return {@code anthropic}}
   *
   * @since 0.1.0
   */
  @Override
  public String provider() {
    return AnthropicTranslator.PROVIDER;
  }
}
