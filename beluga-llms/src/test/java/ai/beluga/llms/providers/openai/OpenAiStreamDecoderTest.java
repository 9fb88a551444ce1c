package ai.beluga.llms.providers.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.beluga.llms.StreamAccumulator;
import ai.beluga.llms.StreamEvent;
import ai.beluga.llms.ChatResponse;
import ai.beluga.llms.errors.ErrorCode;
import ai.beluga.llms.errors.LlmException;
import ai.beluga.schema.FinishReason;
import ai.beluga.schema.ToolCall;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OpenAiStreamDecoderTest {
  private static final String HEAD = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o\","
      + "\"system_fingerprint\":null,\"choices\":[";

  static Stream<Arguments> chunkSizes() {
    return Stream.of(Arguments.argumentSet("whole", 0), Arguments.argumentSet("every byte", 1),
        Arguments.argumentSet("every 2 bytes", 2), Arguments.argumentSet("every 3 bytes", 3),
        Arguments.argumentSet("every 5 bytes", 5));
  }

  private static String frame(String choice) {
    return "data: " + HEAD + choice + "]}\n\n";
  }

  private static byte[] sse(String... frames) {
    return String.join("", frames).getBytes(StandardCharsets.UTF_8);
  }

  private static ChatResponse collect(List<StreamEvent> events) {
    StreamAccumulator accumulator = new StreamAccumulator();
    events.forEach(accumulator::accept);
    return accumulator.toResponse();
  }

  @ParameterizedTest
  @MethodSource("chunkSizes")
  void assemblesTextAndKeepsTheUsageChunkThatFollowsTheFinish(int chunkSize) {
    byte[] body = sse(
        frame("{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null},\"finish_reason\":null}"),
        frame("{\"index\":0,\"delta\":{\"content\":\"Grüße 🌍\"},\"finish_reason\":null}"),
        frame("{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}"),
        "data: {\"id\":\"chatcmpl-1\",\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":4,"
            + "\"total_tokens\":13,\"prompt_tokens_details\":{\"cached_tokens\":2},"
            + "\"completion_tokens_details\":{\"reasoning_tokens\":1}}}\n\n",
        "data: [DONE]\n\n");

    List<StreamEvent> events = OpenAiStreams.decode(body, chunkSize);
    ChatResponse response = collect(events);

    assertThat(response.text()).isEqualTo("Grüße 🌍");
    assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(response.usage().inputTokens()).hasValue(9);
    assertThat(response.usage().cachedInputTokens()).hasValue(2);
    assertThat(response.usage().reasoningOutputTokens()).hasValue(1);
    assertThat(events.get(events.size() - 1)).isInstanceOf(StreamEvent.Finished.class);
  }

  @ParameterizedTest
  @MethodSource("chunkSizes")
  void assemblesParallelToolCallsByIndexAndCompletesThemOnlyAtTheFinish(int chunkSize) {
    byte[] body = sse(
        frame("{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_a\",\"type\":\"function\","
            + "\"function\":{\"name\":\"weather\",\"arguments\":\"\"}}]},\"finish_reason\":null}"),
        frame("{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{}\"}}]},"
            + "\"finish_reason\":null}"),
        frame("{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"id\":\"call_b\",\"type\":\"function\","
            + "\"function\":{\"name\":\"time\",\"arguments\":\"{\\\"tz\\\":\"}}]},\"finish_reason\":null}"),
        frame("{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\"}},"
            + "{\"index\":1,\"function\":{\"arguments\":\"\\\"UTC\\\"}\"}}]},\"finish_reason\":null}"),
        frame("{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}"),
        "data: [DONE]\n\n");

    List<StreamEvent> events = OpenAiStreams.decode(body, chunkSize);

    // "{}" parses after the second frame, but the call stays open until the finish reason closes it.
    int firstCompleted = indexOf(events, StreamEvent.ToolCallCompleted.class);
    int lastDelta = lastIndexOf(events, StreamEvent.ToolCallDelta.class);
    assertThat(firstCompleted).isGreaterThan(lastDelta);
    ChatResponse response = collect(events);
    assertThat(response.toolCalls()).extracting(call -> call.id() + " " + call.name() + " " + call.arguments())
        .containsExactly("call_a weather {}", "call_b time {\"tz\":\"UTC\"}");
    assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
  }

  @ParameterizedTest
  @MethodSource("chunkSizes")
  void aRefusalIsTheTextAndFinishesWithContentFilter(int chunkSize) {
    byte[] body = sse(frame("{\"index\":0,\"delta\":{\"refusal\":\"I can't help\"},\"finish_reason\":null}"),
        frame("{\"index\":0,\"delta\":{\"refusal\":\" with that.\"},\"finish_reason\":\"stop\"}"), "data: [DONE]\n\n");

    List<StreamEvent> events = OpenAiStreams.decode(body, chunkSize);

    ChatResponse response = collect(events);
    assertThat(response.text()).isEqualTo("I can't help with that.");
    assertThat(response.finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
    assertThat(response.rawFinishReason()).hasValue("stop");
  }

  @ParameterizedTest
  @MethodSource("chunkSizes")
  void reasoningContentIsReasoning(int chunkSize) {
    byte[] body = sse(frame("{\"index\":0,\"delta\":{\"reasoning_content\":\"think\"},\"finish_reason\":null}"),
        frame("{\"index\":0,\"delta\":{\"content\":\"answer\"},\"finish_reason\":\"stop\"}"), "data: [DONE]\n\n");

    ChatResponse response = collect(OpenAiStreams.decode(body, chunkSize));

    assertThat(response.message().reasoningText()).isEqualTo("think");
    assertThat(response.text()).isEqualTo("answer");
  }

  @Test
  void aStreamCutBeforeTheFinishIsANetworkError() {
    byte[] body = sse(frame("{\"index\":0,\"delta\":{\"content\":\"Hel\"},\"finish_reason\":null}"));

    assertThatThrownBy(() -> OpenAiStreams.decode(body, 3)).isInstanceOfSatisfying(LlmException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.NETWORK));
  }

  @Test
  void aStreamThatEndsAfterTheFinishWithoutDoneStillFinishes() {
    byte[] body = sse(frame("{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"finish_reason\":\"length\"}"));

    ChatResponse response = collect(OpenAiStreams.decode(body, 2));

    assertThat(response.finishReason()).isEqualTo(FinishReason.LENGTH);
  }

  @Test
  void anErrorFrameAfterStatus200IsThrownClassified() {
    byte[] body = sse(frame("{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"finish_reason\":null}"),
        "data: {\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\",\"param\":null,"
            + "\"code\":null}}\n\n");

    assertThatThrownBy(() -> OpenAiStreams.decode(body, 5)).isInstanceOfSatisfying(LlmException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.SERVER_ERROR));
  }

  @ParameterizedTest
  @MethodSource("chunkSizes")
  void decodesTheLegacyFunctionCallAsAToolCallWithAStableId(int chunkSize) {
    byte[] body = sse(
        frame("{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null,\"function_call\":{\"name\":"
            + "\"get_weather\",\"arguments\":\"\"}},\"finish_reason\":null}"),
        frame("{\"index\":0,\"delta\":{\"function_call\":{\"arguments\":\"{\\\"city\\\":\"}},"
            + "\"finish_reason\":null}"),
        frame("{\"index\":0,\"delta\":{\"function_call\":{\"arguments\":\"\\\"Zürich\\\"}\"}},"
            + "\"finish_reason\":null}"),
        frame("{\"index\":0,\"delta\":{},\"finish_reason\":\"function_call\"}"),
        "data: [DONE]\n\n");

    List<StreamEvent> events = OpenAiStreams.decode(body, chunkSize);

    assertThat(events).filteredOn(event -> !(event instanceof StreamEvent.ResponseStarted)).containsExactly(
        new StreamEvent.ToolCallStarted(0, "call_0", "get_weather"),
        new StreamEvent.ToolCallDelta(0, "{\"city\":"),
        new StreamEvent.ToolCallDelta(0, "\"Zürich\"}"),
        new StreamEvent.ToolCallCompleted(0, ToolCall.of("call_0", "get_weather", "{\"city\":\"Zürich\"}")),
        new StreamEvent.Finished(FinishReason.TOOL_CALLS, Optional.of("function_call")));
    ChatResponse response = collect(events);
    assertThat(response.toolCalls()).containsExactly(
        ToolCall.of("call_0", "get_weather", "{\"city\":\"Zürich\"}"));
    assertThat(response.rawFinishReason()).hasValue("function_call");
  }

  @ParameterizedTest
  @MethodSource("chunkSizes")
  void numbersToolCallsFromZeroWhenAServerStartsItsIndexesElsewhere(int chunkSize) {
    byte[] body = sse(
        frame("{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"id\":\"call_a\",\"function\":{\"name\":"
            + "\"weather\",\"arguments\":\"{}\"}},{\"index\":2,\"id\":\"call_b\",\"function\":{\"name\":"
            + "\"time\",\"arguments\":\"{}\"}}]},\"finish_reason\":\"tool_calls\"}"),
        "data: [DONE]\n\n");

    List<StreamEvent> events = OpenAiStreams.decode(body, chunkSize);

    assertThat(events).filteredOn(StreamEvent.ToolCallStarted.class::isInstance).containsExactly(
        new StreamEvent.ToolCallStarted(0, "call_a", "weather"), new StreamEvent.ToolCallStarted(1, "call_b", "time"));
    assertThat(events).filteredOn(StreamEvent.ToolCallCompleted.class::isInstance)
        .extracting(event -> ((StreamEvent.ToolCallCompleted) event).index()).containsExactly(0, 1);
  }

  @ParameterizedTest
  @MethodSource("chunkSizes")
  void aServerThatOmitsToolCallIndexesHasItsCallsKeptApartByTheirIds(int chunkSize) {
    byte[] body = sse(
        frame("{\"index\":0,\"delta\":{\"tool_calls\":[{\"id\":\"call_a\",\"function\":{\"name\":\"weather\","
            + "\"arguments\":\"{\\\"city\\\":\"}}]},\"finish_reason\":null}"),
        frame("{\"index\":0,\"delta\":{\"tool_calls\":[{\"function\":{\"arguments\":\"\\\"Oslo\\\"}\"}}]},"
            + "\"finish_reason\":null}"),
        frame("{\"index\":0,\"delta\":{\"tool_calls\":[{\"id\":\"call_b\",\"function\":{\"name\":\"time\","
            + "\"arguments\":\"{}\"}}]},\"finish_reason\":null}"),
        frame("{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}"),
        "data: [DONE]\n\n");

    ChatResponse response = collect(OpenAiStreams.decode(body, chunkSize));

    assertThat(response.toolCalls()).containsExactly(ToolCall.of("call_a", "weather", "{\"city\":\"Oslo\"}"),
        ToolCall.of("call_b", "time", "{}"));
  }

  @ParameterizedTest
  @MethodSource("chunkSizes")
  void readsContentPartsAndTheirThinkingAndFieldsInAnyOrder(int chunkSize) {
    byte[] body = sse(
        // Mistral sends content as parts; the choice's fields and the frame's come in any order.
        "data: {\"choices\":[{\"delta\":{\"content\":[{\"type\":\"thinking\",\"thinking\":[{\"type\":\"text\","
            + "\"text\":\"hmm\"}]},{\"type\":\"text\",\"text\":\"Bonjour\"}]},\"index\":0}],\"model\":\"mistral-x\","
            + "\"id\":\"cmpl-9\"}\n\n",
        "data: {\"id\":\"cmpl-9\",\"choices\":[{\"finish_reason\":\"stop\",\"delta\":{\"content\":\" à tous\"},"
            + "\"index\":0},{\"index\":1,\"delta\":{\"content\":\"another choice\"}}]}\n\n",
        "data: [DONE]\n\n");

    List<StreamEvent> events = OpenAiStreams.decode(body, chunkSize);

    ChatResponse response = collect(events);
    assertThat(response.text()).isEqualTo("Bonjour à tous");
    assertThat(response.message().reasoningText()).isEqualTo("hmm");
    assertThat(response.id()).hasValue("cmpl-9");
    assertThat(response.model()).hasValue("mistral-x");
    assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
  }

  @ParameterizedTest
  @MethodSource("chunkSizes")
  void aFrameWithAnErrorAfterItsChoicesEmitsNoneOfThem(int chunkSize) {
    byte[] body = sse(frame("{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"finish_reason\":null}"),
        "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\" there\"}}],\"error\":{\"message\":"
            + "\"Rate limit reached\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}\n\n");
    List<StreamEvent> events = new ArrayList<>();

    assertThatThrownBy(() -> OpenAiStreams.decode(body, chunkSize, OpenAiStreams.NO_HEADERS, events))
        .isInstanceOfSatisfying(LlmException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMIT));
    assertThat(events).filteredOn(StreamEvent.TextDelta.class::isInstance).containsExactly(
        new StreamEvent.TextDelta("Hi"));
  }

  @ParameterizedTest
  @MethodSource("chunkSizes")
  void aToolCallThatNeverNamedItsFunctionIsAnInvalidResponse(int chunkSize) {
    byte[] body = sse(
        frame("{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_a\",\"function\":{"
            + "\"arguments\":\"{}\"}}]},\"finish_reason\":null}"),
        frame("{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}"), "data: [DONE]\n\n");

    assertThatThrownBy(() -> OpenAiStreams.decode(body, chunkSize)).isInstanceOfSatisfying(LlmException.class, e -> {
      assertThat(e.code()).isEqualTo(ErrorCode.INVALID_RESPONSE);
      assertThat(e.provider()).hasValue("openai");
      assertThat(e.getMessage()).contains("never named its function");
    });
  }

  @ParameterizedTest
  @MethodSource("chunkSizes")
  void aFrameThatIsNotJsonIsAnInvalidResponseAndAValueThatIsNotAnObjectIsSkipped(int chunkSize) {
    byte[] skipped = sse("data: [1, {\"a\": 2}]\n\n", "data: \"text\"\n\n",
        frame("{\"index\":0,\"delta\":{\"content\":\"ok\"},\"finish_reason\":\"stop\"}"), "data: [DONE]\n\n");
    byte[] broken = sse(frame("{\"index\":0,\"delta\":{\"content\":\"ok\"},\"finish_reason\":null}"),
        "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"cut\"}\n\n");
    byte[] trailing = sse("data: {\"choices\":[]} {}\n\n");

    assertThat(collect(OpenAiStreams.decode(skipped, chunkSize)).text()).isEqualTo("ok");
    for (byte[] body : List.of(broken, trailing)) {
      assertThatThrownBy(() -> OpenAiStreams.decode(body, chunkSize)).isInstanceOfSatisfying(LlmException.class,
          e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_RESPONSE));
    }
  }

  private static int indexOf(List<StreamEvent> events, Class<?> type) {
    for (int i = 0; i < events.size(); i++) {
      if (type.isInstance(events.get(i))) {
        return i;
      }
    }
    return -1;
  }

  private static int lastIndexOf(List<StreamEvent> events, Class<?> type) {
    for (int i = events.size() - 1; i >= 0; i--) {
      if (type.isInstance(events.get(i))) {
        return i;
      }
    }
    return -1;
  }
}
