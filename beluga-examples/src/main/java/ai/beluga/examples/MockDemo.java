package ai.beluga.examples;

import ai.beluga.llms.providers.mock.Mock;
import ai.beluga.llms.ChatModel;
import ai.beluga.llms.ChatRequest;
import ai.beluga.llms.ChatResponse;
import ai.beluga.llms.ChatStream;
import ai.beluga.llms.assembly.Llms;
import ai.beluga.llms.StreamEvent;
import ai.beluga.llms.errors.ErrorCode;
import ai.beluga.llms.errors.LlmException;
import ai.beluga.llms.providers.mock.MockConfig;
import ai.beluga.llms.providers.mock.MockReply;
import ai.beluga.llms.providers.mock.MockScript;
import ai.beluga.schema.Message;
import ai.beluga.schema.ToolCall;
import ai.beluga.schema.ToolDefinition;
import java.time.Duration;

/**
 * The README's demo: a chat, a stream printed as it arrives, a tool call, a structured-output call, a retried call
 * and a handled error, all against the offline {@code mock} provider, so it runs anywhere without a key or a network.
 */
public final class MockDemo {
  /** The arguments of the demo's weather tool. */
  record WeatherQuery(String city) {}

  /** The structured answer the demo asks for. */
  record CityFacts(String name, String country, long population) {}

  private MockDemo() {}

  /**
   * Runs the demo.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    MockScript script = MockScript.create()
        .enqueueText("Hello! I am a scripted model.")
        .enqueueText("Once upon a time, a beluga learned to stream tokens, one small chunk at a time.")
        .enqueue(MockReply.toolCall("get_weather", "{\"city\":\"Paris\"}"))
        .enqueueText("It is 21 °C and sunny in Paris.")
        .enqueueText("{\"name\":\"Tokyo\",\"country\":\"Japan\",\"population\":37400000}")
        .enqueue(MockReply.failure(LlmException.builder(ErrorCode.RATE_LIMIT, "too many requests")
            .provider("mock").httpStatus(429).retryAfter(Duration.ofMillis(300)).build()))
        .enqueueText("Worth the wait.")
        .enqueue(MockReply.failure(LlmException.builder(ErrorCode.CONTEXT_LENGTH_EXCEEDED,
            "the prompt is longer than the model's context window").provider("mock").httpStatus(400).build()))
        .failWhenEmpty();
    ChatModel model = Mock.chatModel(MockConfig.builder()
        .model("mock-demo")
        .script(script)
        .streamChunkSize(6)
        .streamChunkDelay(Duration.ofMillis(15))
        .build());

    section("1. chat");
    ChatResponse hello = model.chat("Hi there!");
    System.out.println(hello.text());
    System.out.println("finish: " + hello.finishReason() + ", usage: " + hello.usage().inputTokens().orElse(0)
        + " in / " + hello.usage().outputTokens().orElse(0) + " out");

    section("2. stream");
    try (ChatStream stream = model.stream("Tell me a very short story.")) {
      for (StreamEvent event : stream) {
        if (event instanceof StreamEvent.TextDelta) {
          System.out.print(((StreamEvent.TextDelta) event).text());
          System.out.flush();
        } else if (event instanceof StreamEvent.Finished) {
          System.out.println();
          System.out.println("finish: " + ((StreamEvent.Finished) event).reason());
        }
      }
    }

    section("3. tool call");
    ToolDefinition weather = ToolDefinition.of("get_weather", "Current weather for a city", WeatherQuery.class);
    ChatModel withTools = model.withTools(weather);
    ChatRequest question = ChatRequest.of("What is the weather in Paris?");
    ChatResponse call = withTools.chat(question);
    ToolCall toolCall = call.toolCalls().get(0);
    WeatherQuery query = toolCall.argumentsAs(WeatherQuery.class);
    System.out.println("model called " + toolCall.name() + " for " + query.city());
    ChatRequest followUp = question.toBuilder()
        .addMessage(call.message())
        .addMessage(Message.toolResult(toolCall, "{\"celsius\":21,\"sky\":\"sunny\"}"))
        .build();
    System.out.println(withTools.chat(followUp).text());

    section("4. structured output");
    CityFacts facts = model.chat(ChatRequest.of("Facts about the largest city in Japan"), CityFacts.class);
    System.out.println(facts);

    section("5. a rate-limited call, retried after the provider's Retry-After");
    long start = System.nanoTime();
    String answer = model.chat("One more, please.").text();
    System.out.println(answer + " (" + Duration.ofNanos(System.nanoTime() - start).toMillis()
        + " ms, including one retry)");

    section("6. a handled error");
    try {
      model.chat("Summarise this very long book.");
    } catch (LlmException e) {
      System.out.println("caught " + e.code() + " (retryable: " + e.retryable() + ")");
      System.out.println(e.getMessage());
    }

    System.out.println();
    System.out.println("The mock received " + script.requests().size() + " requests.");
  }

  private static void section(String title) {
    System.out.println();
    System.out.println("== " + title);
  }
}
