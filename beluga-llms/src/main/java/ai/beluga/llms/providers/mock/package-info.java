/**
 * The {@code mock} provider: scripted replies, streams, tool calls, structured output, errors and latency, with every
 * request recorded, for testing code that uses a {@link ai.beluga.llms.ChatModel} and for offline demos.
 *
 * <pre>{@code
 * MockScript script = MockScript.create().enqueueText("Hello!");
 * ChatModel model = Mock.chatModel(MockConfig.builder().script(script).build());
 * assertThat(model.chat("Hi").text()).isEqualTo("Hello!");
 * assertThat(script.requests()).hasSize(1);
 * }</pre>
 *
 * <p>Unless otherwise stated, a null argument causes a {@link java.lang.NullPointerException}.
 *
 * @since 0.1.0
 */
package ai.beluga.llms.providers.mock;
