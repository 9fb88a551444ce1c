package ai.beluga.llms;

import ai.beluga.llms.errors.ErrorCode;
import ai.beluga.llms.errors.LlmException;
import ai.beluga.llms.health.HealthChecker;
import ai.beluga.llms.internal.AsyncCalls;
import ai.beluga.schema.ToolDefinition;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A chat model of one provider: chat, chat asynchronously, stream, bind tools, run batches, get structured output, and
 * check health, the same way for every provider.
 *
 * <p>A {@code ChatModel} is also an {@link LLM} (text in, text out) and a {@link HealthChecker}; the {@code LLM}
 * methods are implemented on {@link #chat(ChatRequest)}, so one implementation serves both. Models are built by the
 * factories in {@link ai.beluga.llms.assembly.Llms}, are immutable and thread-safe, and are cheap to share: build one per configuration and
 * use it from every thread.
 *
 * <pre>{@code
 * ChatModel model = Mock.chatModel(MockConfig.builder().reply("Hello!").build());
 * ChatResponse response = model.chat("Hi");
 *
 * try (ChatStream stream = model.stream(ChatRequest.of("Tell me a story"))) {
 *   stream.textStream().forEach(System.out::print);
 * }
 *
 * record City(String name, String country) {}
 * City city = model.chat(ChatRequest.of("Largest city in Japan?"), City.class);
 * }</pre>
 *
 * <p>Cross-cutting behaviour (telemetry, retries, rate limits, fallback) is added by wrapping a model in another
 * {@code ChatModel}; see {@link ai.beluga.llms.middleware.ForwardingChatModel}.
 *
 * @since 0.1.0
 */
public interface ChatModel extends LLM, HealthChecker {

  /** The number of requests {@link #batch(List)} runs at once. */
  int DEFAULT_BATCH_CONCURRENCY = 4;

  /**
   * Sends a request and waits for the whole answer. Interrupting the calling thread aborts the HTTP exchange.
   *
   * @param request the request
   * @return the answer
   * @throws LlmException if the call fails: with the code the provider's answer maps to, {@code TIMEOUT},
   *     {@code NETWORK}, {@code CANCELLED} (interrupt flag set again), or {@code UNSUPPORTED} when the request needs a
   *     feature the provider lacks
   * @since 0.1.0
   */
  ChatResponse chat(ChatRequest request);

  /**
   * Sends one user message and waits for the whole answer.
   *
   * @param userMessage the user's words
   * @return the answer
   * @throws LlmException as {@link #chat(ChatRequest)} does
   * @since 0.1.0
   */
  default ChatResponse chat(String userMessage) {
    return chat(ChatRequest.of(userMessage));
  }

  /**
   * Asks for an answer shaped as a Java type and binds it. Unless the request already sets a response format, a JSON
   * Schema generated from the type is sent as the response format ({@code ResponseFormat.jsonSchema}).
   *
   * @param <T> the answer's type
   * @param request the request
   * @param type the record or class to bind the answer to
   * @return the bound answer
   * @throws LlmException as {@link #chat(ChatRequest)} does, or with {@link ErrorCode#INVALID_RESPONSE} when the answer
   *     is not JSON that fits the type
   * @since 0.1.0
   */
  default <T> T chat(ChatRequest request, Class<T> type) {
    ChatRequest structured = StructuredOutput.withSchemaOf(request, type);
    return StructuredOutput.bind(chat(structured), type, provider(), model());
  }

  /**
   * Sends a request without blocking the caller. Cancelling the returned future with {@code cancel(true)} aborts the
   * HTTP exchange.
   *
   * @implSpec The default runs {@link #chat(ChatRequest)} on a shared pool of daemon threads and interrupts that thread
   *     when the future is cancelled. Providers on the HTTP engine override it to use the client's own asynchronous
   *     exchange.
   * @param request the request
   * @return a future of the answer, completed exceptionally with an {@link LlmException}
   * @since 0.1.0
   */
  default CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
    return AsyncCalls.supply(() -> chat(request), provider(), model());
  }

  /**
   * Streams the answer. The request is sent when the stream is first consumed.
   *
   * @param request the request
   * @return the stream; close it (try-with-resources) to free the connection if it is not read to the end
   * @since 0.1.0
   */
  ChatStream stream(ChatRequest request);

  /**
   * Streams the answer to one user message.
   *
   * @param userMessage the user's words
   * @return the stream
   * @since 0.1.0
   */
  default ChatStream stream(String userMessage) {
    return stream(ChatRequest.of(userMessage));
  }

  /**
   * Returns a model that offers these tools on every request, in addition to the request's own tools (a request's
   * tool of the same name wins). This model is unchanged.
   *
   * @param tools the tools
   * @return a new model with the tools bound
   * @since 0.1.0
   */
  default ChatModel withTools(List<ToolDefinition> tools) {
    return ToolBoundChatModel.bind(this, tools);
  }

  /**
   * Returns a model that offers these tools on every request; see {@link #withTools(List)}.
   *
   * @param tools the tools
   * @return a new model with the tools bound
   * @since 0.1.0
   */
  default ChatModel withTools(ToolDefinition... tools) {
    return withTools(List.of(tools));
  }

  /**
   * Sends many requests, {@value #DEFAULT_BATCH_CONCURRENCY} at a time, and returns every result or error in the
   * order of the requests.
   *
   * @param requests the requests
   * @return one result per request, in order
   * @throws LlmException with {@code CANCELLED} if the calling thread is interrupted; outstanding calls are cancelled
   * @since 0.1.0
   */
  default List<BatchResult> batch(List<ChatRequest> requests) {
    return batch(requests, DEFAULT_BATCH_CONCURRENCY);
  }

  /**
   * Sends many requests, at most {@code maxConcurrency} at a time, and returns every result or error in the order of
   * the requests.
   *
   * @param requests the requests
   * @param maxConcurrency how many calls may run at once, at least 1
   * @return one result per request, in order
   * @throws IllegalArgumentException if {@code maxConcurrency} is less than 1
   * @throws LlmException with {@code CANCELLED} if the calling thread is interrupted; outstanding calls are cancelled
   * @since 0.1.0
   */
  default List<BatchResult> batch(List<ChatRequest> requests, int maxConcurrency) {
    return Batches.run(this, requests, maxConcurrency);
  }

  /**
   * Sends a prompt as a single user message and returns the answer's text.
   *
   * @implSpec Calls {@link #chat(String)} and returns {@link ChatResponse#text()}.
   * @param prompt the prompt
   * @return the text
   * @throws LlmException as {@link #chat(ChatRequest)} does
   * @since 0.1.0
   */
  @Override
  default String generate(String prompt) {
    return chat(prompt).text();
  }
}
