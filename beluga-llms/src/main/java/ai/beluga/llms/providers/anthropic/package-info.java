/**
 * The {@code anthropic} provider: the Anthropic Messages API on the shared HTTP engine.
 *
 * <pre>{@code
 * ChatModel model = Anthropic.chatModel(AnthropicConfig.fromEnv().model("claude-sonnet-4-5").build());
 * ChatResponse response = model.chat("Capital of France?");
 * }</pre>
 *
 * <p>{@link ai.beluga.llms.providers.anthropic.AnthropicConfig} is the config,
 * {@link ai.beluga.llms.providers.anthropic.AnthropicOptions} turns on extended thinking, and
 * {@link ai.beluga.llms.providers.anthropic.AnthropicProviderFactory} registers the provider under the name
 * {@code anthropic}. Unless otherwise stated, a null argument causes NullPointerException.
 *
 * @since 0.1.0
 */
package ai.beluga.llms.providers.anthropic;
