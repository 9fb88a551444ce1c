package ai.beluga.llms;

import ai.beluga.llms.errors.LlmException;

/**
 * The minimal contract of anything that generates text: a prompt in, text out.
 *
 * <p>Every {@link ChatModel} is an {@code LLM}: {@link #generate(String)} is implemented on top of
 * {@link ChatModel#chat(ChatRequest)}, so one provider implementation serves both contracts. Code that only needs text
 * generation should depend on this interface.
 *
 * <pre>{@code
 * LLM llm = Mock.chatModel(MockConfig.builder().reply("Paris").build());
 * String answer = llm.generate("Capital of France?");
 * }</pre>
 *
 * <p>Implementations are thread-safe.
 *
 * @since 0.1.0
 */
public interface LLM {

  /**
   * {@return the provider's name, such as {@code openai} or {@code mock}}
   *
   * @since 0.1.0
   */
  String provider();

  /**
   * {@return the model calls go to by default}
   *
   * @since 0.1.0
   */
  String model();

  /**
   * Sends a prompt as a single user message and returns the answer's text.
   *
   * @param prompt the prompt
   * @return the text of the answer
   * @throws LlmException if the call fails, with any code of {@link ai.beluga.llms.errors.ErrorCode}
   * @since 0.1.0
   */
  String generate(String prompt);
}
