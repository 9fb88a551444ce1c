/**
 * The public face of Beluga LLMs: {@link ai.beluga.llms.LLM}, {@link ai.beluga.llms.ChatModel}, requests, responses,
 * streams, options and the {@link ai.beluga.llms.assembly.Llms} factories.
 *
 * <p>Unless otherwise stated, a null argument to any constructor or method causes a
 * {@link java.lang.NullPointerException}. Values are immutable and thread-safe; models are thread-safe.
 *
 * <pre>{@code
 * ChatModel model = Mock.chatModel(MockConfig.builder().reply("Hello!").build());
 * System.out.println(model.chat("Hi").text());
 * }</pre>
 *
 * @since 0.1.0
 */
package ai.beluga.llms;
