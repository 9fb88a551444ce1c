/**
 * Building a ready model: {@link ai.beluga.llms.assembly.Llms} (by provider name through the registry, or wrapping a
 * model of your own), the {@link ai.beluga.llms.assembly.LlmOption}s that shape it, and the
 * {@link ai.beluga.llms.assembly.ModelAssembly} that puts the default stack around a provider's model.
 *
 * <p>This package sits above middleware and observability and below the providers: a provider's own entry point
 * (such as {@code OpenAi.chatModel(config, options...)}) assembles its model here, and nothing here imports a
 * provider. Providers are found by name through {@link java.util.ServiceLoader}.
 *
 * <p>Unless otherwise stated, a null argument causes a {@link java.lang.NullPointerException}.
 *
 * <pre>{@code
 * ChatModel model = Llms.create("openai", Map.of("model", "gpt-4o-mini"), LlmOption.retry(RetryPolicy.none()));
 * }</pre>
 *
 * @since 0.1.0
 */
package ai.beluga.llms.assembly;
