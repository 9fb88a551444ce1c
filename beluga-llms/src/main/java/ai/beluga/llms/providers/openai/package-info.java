/**
 * The OpenAI provider on Chat Completions, with presets for OpenAI-compatible servers (Azure OpenAI, Groq, DeepSeek,
 * Together, OpenRouter, xAI, Fireworks, Perplexity, vLLM, LM Studio, llama.cpp).
 *
 * <pre>{@code
 * ChatModel model = OpenAi.chatModel(OpenAiConfig.fromEnv());
 * ChatModel groq = Llms.create("groq", Map.of("model", "llama-3.3-70b-versatile"));
 * }</pre>
 *
 * <p>Unless otherwise stated, a null argument causes NullPointerException.
 *
 * @since 0.1.0
 */
package ai.beluga.llms.providers.openai;
