package ai.beluga.llms.providers.anthropic;

import static ai.beluga.llms.providers.anthropic.AnthropicStreams.event;
import static org.assertj.core.api.Assertions.assertThat;

import ai.beluga.llms.ChatResponse;
import ai.beluga.llms.StreamEvent;
import ai.beluga.llms.errors.ErrorCode;
import ai.beluga.schema.FinishReason;
import ai.beluga.schema.Reasoning;
import ai.beluga.schema.ToolCall;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AnthropicStreamDecoderTest {
  private static final String START = event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\","
      + "\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-x\",\"content\":[],\"stop_reason\":null,"
      + "\"usage\":{\"input_tokens\":10,\"cache_read_input_tokens\":100,\"cache_creation_input_tokens\":5,"
      + "\"output_tokens\":1}}}");
  private static final String PING = event("ping", "{\"type\": \"ping\"}");
  private static final String STOP = event("message_stop", "{\"type\":\"message_stop\"}");

  static Stream<Arguments> chunkSizes() {
    return Stream.of(0, 1, 2, 3, 5).map(size -> Arguments.argumentSet(
        size == 0 ? "whole" : "split every " + size + " bytes", size));
  }

  private static String delta(String stopReason, long output) {
    return event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"" + stopReason
        + "\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":" + output + "}}");
  }

  private static String blockStart(int index, String block) {
    return event("content_block_start", "{\"type\":\"content_block_start\",\"index\":" + index
        + ",\"content_block\":" + block + "}");
  }

  private static String blockDelta(int index, String delta) {
    return event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":" + index + ",\"delta\":"
        + delta + "}");
  }

  private static String blockStop(int index) {
    return event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":" + index + "}");
  }

  @ParameterizedTest
  @MethodSource("chunkSizes")
  void decodesTextWithMultiByteCharactersUsageAndFinish(int size) {
    String sse = START + PING + blockStart(0, "{\"type\":\"text\",\"text\":\"\"}")
        + blockDelta(0, "{\"type\":\"text_delta\",\"text\":\"Grüße 🐋\"}") + PING
        + blockDelta(0, "{\"type\":\"text_delta\",\"text\":\" aus Köln\"}") + blockStop(0)
        + delta("end_turn", 42) + STOP;

    AnthropicStreams.Result result = AnthropicStreams.decode(sse, size);

    assertThat(result.failure()).isNull();
    assertThat(result.events().get(0)).isInstanceOf(StreamEvent.ResponseStarted.class);
    ChatResponse response = result.collect();
    assertThat(response.text()).isEqualTo("Grüße 🐋 aus Köln");
    assertThat(response.id()).hasValue("msg_1");
    assertThat(response.model()).hasValue("claude-x");
    assertThat(response.usage().inputTokens()).hasValue(115);
    assertThat(response.usage().cachedInputTokens()).hasValue(100);
    assertThat(response.usage().outputTokens()).hasValue(42);
    assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(response.rawFinishReason()).hasValue("end_turn");
    assertThat(result.events().get(result.events().size() - 1)).isInstanceOf(StreamEvent.Finished.class);
  }

  @ParameterizedTest
  @MethodSource("chunkSizes")
  void completesAToolCallOnlyAtContentBlockStopAndReadsAnEmptyInputAsAnEmptyObject(int size) {
    String sse = START
        + blockStart(0, "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"get_weather\",\"input\":{}}")
        + blockDelta(0, "{\"type\":\"input_json_delta\",\"partial_json\":\"\"}")
        + blockDelta(0, "{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"city\\\": \"}")
        + blockDelta(0, "{\"type\":\"input_json_delta\",\"partial_json\":\"\\\"Zürich\\\"}\"}")
        + blockDelta(0, "{\"type\":\"input_json_delta\",\"partial_json\":\" \"}")
        + blockStop(0)
        + blockStart(1, "{\"type\":\"tool_use\",\"id\":\"toolu_2\",\"name\":\"now\",\"input\":{}}")
        + blockStop(1)
        + delta("tool_use", 30) + STOP;

    AnthropicStreams.Result result = AnthropicStreams.decode(sse, size);

    assertThat(result.failure()).isNull();
    assertThat(result.of(StreamEvent.ToolCallStarted.class)).extracting(StreamEvent.ToolCallStarted::id)
        .containsExactly("toolu_1", "toolu_2");
    assertThat(result.of(StreamEvent.ToolCallDelta.class)).hasSize(3);
    List<StreamEvent> events = result.events();
    int lastDelta = events.lastIndexOf(result.of(StreamEvent.ToolCallDelta.class).get(2));
    assertThat(events.get(lastDelta + 1)).isInstanceOf(StreamEvent.ToolCallCompleted.class);
    ChatResponse response = result.collect();
    assertThat(response.toolCalls()).hasSize(2);
    assertThat(response.toolCalls().get(0).argumentsJson().path("city").asString()).isEqualTo("Zürich");
    assertThat(response.toolCalls().get(1).arguments()).isEqualTo("{}");
    assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
  }

  @ParameterizedTest
  @MethodSource("chunkSizes")
  void keepsThinkingWithItsSignatureAndRedactedThinkingInOrder(int size) {
    String sse = START
        + blockStart(0, "{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"\"}")
        + blockDelta(0, "{\"type\":\"thinking_delta\",\"thinking\":\"Let me \"}")
        + blockDelta(0, "{\"type\":\"thinking_delta\",\"thinking\":\"think.\"}")
        + blockDelta(0, "{\"type\":\"signature_delta\",\"signature\":\"EqQBsig\"}")
        + blockStop(0)
        + blockStart(1, "{\"type\":\"redacted_thinking\",\"data\":\"EmwKAhgBopaque\"}")
        + blockStop(1)
        + blockStart(2, "{\"type\":\"text\",\"text\":\"\"}")
        + blockDelta(2, "{\"type\":\"text_delta\",\"text\":\"42\"}")
        + blockStop(2)
        + delta("end_turn", 9) + STOP;

    AnthropicStreams.Result result = AnthropicStreams.decode(sse, size);

    assertThat(result.failure()).isNull();
    assertThat(result.of(StreamEvent.ReasoningDelta.class)).extracting(StreamEvent.ReasoningDelta::text)
        .containsExactly("Let me ", "think.");
    assertThat(result.collect().message().reasoning()).containsExactly(
        new Reasoning("Let me think.", java.util.Optional.of("EqQBsig"), java.util.Optional.empty()),
        Reasoning.redacted("EmwKAhgBopaque"));
    assertThat(result.collect().text()).isEqualTo("42");
  }

  @ParameterizedTest
  @MethodSource("chunkSizes")
  void streamsTheStructuredOutputToolAsTextAndFinishesWithStop(int size) {
    String sse = START
        + blockStart(0, "{\"type\":\"tool_use\",\"id\":\"toolu_s\",\"name\":\"beluga_json_response\",\"input\":{}}")
        + blockDelta(0, "{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"name\\\":\"}")
        + blockDelta(0, "{\"type\":\"input_json_delta\",\"partial_json\":\"\\\"Tokyo\\\"}\"}")
        + blockStop(0) + delta("tool_use", 12) + STOP;

    AnthropicStreams.Result result = AnthropicStreams.decode(sse, size);

    assertThat(result.failure()).isNull();
    assertThat(result.of(StreamEvent.ToolCallStarted.class)).isEmpty();
    assertThat(result.collect().text()).isEqualTo("{\"name\":\"Tokyo\"}");
    assertThat(result.collect().finishReason()).isEqualTo(FinishReason.STOP);
  }

  @ParameterizedTest
  @MethodSource("chunkSizes")
  void numbersToolCallsAmongTheAnswersCallsNotByContentBlock(int size) {
    String sse = START
        + blockStart(0, "{\"type\":\"text\",\"text\":\"\"}")
        + blockDelta(0, "{\"type\":\"text_delta\",\"text\":\"Let me check.\"}") + blockStop(0)
        + blockStart(1, "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"get_weather\",\"input\":{}}")
        + blockDelta(1, "{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"city\\\": \\\"Oslo\\\"}\"}")
        + blockStop(1)
        + delta("tool_use", 20) + STOP;

    AnthropicStreams.Result result = AnthropicStreams.decode(sse, size);

    assertThat(result.failure()).isNull();
    assertThat(result.events()).filteredOn(event -> event instanceof StreamEvent.ToolCallStarted
        || event instanceof StreamEvent.ToolCallDelta || event instanceof StreamEvent.ToolCallCompleted)
        .containsExactly(
            new StreamEvent.ToolCallStarted(0, "toolu_1", "get_weather"),
            new StreamEvent.ToolCallDelta(0, "{\"city\": \"Oslo\"}"),
            new StreamEvent.ToolCallCompleted(0, ToolCall.of("toolu_1", "get_weather", "{\"city\": \"Oslo\"}")));
    assertThat(result.collect().text()).isEqualTo("Let me check.");
  }

  @ParameterizedTest
  @MethodSource("chunkSizes")
  void readsAnEventWhoseTypeComesAfterItsData(int size) {
    String sse = START
        + event("content_block_start", "{\"content_block\":{\"text\":\"\",\"type\":\"text\"},\"index\":0,"
            + "\"type\":\"content_block_start\"}")
        + event("content_block_delta", "{\"index\":0,\"delta\":{\"text\":\"Hej\",\"type\":\"text_delta\"},"
            + "\"type\":\"content_block_delta\"}")
        + event("content_block_stop", "{\"index\":0,\"type\":\"content_block_stop\"}")
        + event("message_delta", "{\"usage\":{\"output_tokens\":2},\"delta\":{\"stop_reason\":\"end_turn\"},"
            + "\"type\":\"message_delta\"}")
        + STOP;

    AnthropicStreams.Result result = AnthropicStreams.decode(sse, size);

    assertThat(result.failure()).isNull();
    assertThat(result.collect().text()).isEqualTo("Hej");
    assertThat(result.collect().usage().outputTokens()).hasValue(2);
    assertThat(result.collect().finishReason()).isEqualTo(FinishReason.STOP);
  }

  @ParameterizedTest
  @MethodSource("chunkSizes")
  void keepsTheTextOfADeltaForABlockThatWasNeverStartedAndDropsItsToolInput(int size) {
    String sse = START
        + blockDelta(3, "{\"type\":\"text_delta\",\"text\":\"orphan\"}")
        + blockDelta(4, "{\"type\":\"input_json_delta\",\"partial_json\":\"{}\"}")
        + blockStop(4)
        + delta("end_turn", 2) + STOP;

    AnthropicStreams.Result result = AnthropicStreams.decode(sse, size);

    assertThat(result.failure()).isNull();
    assertThat(result.collect().text()).isEqualTo("orphan");
    assertThat(result.of(StreamEvent.ToolCallDelta.class)).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("chunkSizes")
  void aToolUseBlockStartedTwiceAtAnOpenIndexIsAnInvalidResponse(int size) {
    String sse = START
        + blockStart(0, "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"a\",\"input\":{}}")
        + blockStart(0, "{\"type\":\"tool_use\",\"id\":\"toolu_2\",\"name\":\"b\",\"input\":{}}")
        + blockStop(0) + delta("tool_use", 2) + STOP;

    AnthropicStreams.Result result = AnthropicStreams.decode(sse, size);

    assertThat(result.failure()).isNotNull();
    assertThat(result.failure().code()).isEqualTo(ErrorCode.INVALID_RESPONSE);
    assertThat(result.failure().provider()).hasValue("anthropic");
    assertThat(result.of(StreamEvent.ToolCallStarted.class)).extracting(StreamEvent.ToolCallStarted::id)
        .containsExactly("toolu_1");
  }

  static Stream<Arguments> errorEvents() {
    return Stream.of(
        Arguments.argumentSet("overloaded_error", "overloaded_error", ErrorCode.OVERLOADED, true),
        Arguments.argumentSet("api_error", "api_error", ErrorCode.SERVER_ERROR, true),
        Arguments.argumentSet("rate_limit_error", "rate_limit_error", ErrorCode.RATE_LIMIT, true),
        Arguments.argumentSet("an unknown type", "brand_new_error", ErrorCode.SERVER_ERROR, true));
  }

  @ParameterizedTest
  @MethodSource("errorEvents")
  void anErrorEventAfterHttp200EndsTheStreamWithTheClassifiedError(String type, ErrorCode code, boolean retryable) {
    String sse = START + blockStart(0, "{\"type\":\"text\",\"text\":\"\"}")
        + blockDelta(0, "{\"type\":\"text_delta\",\"text\":\"Hel\"}")
        + event("error", "{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"Overloaded\"}}");

    AnthropicStreams.Result result = AnthropicStreams.decode(sse, 3);

    assertThat(result.failure()).isNotNull();
    assertThat(result.failure().code()).isEqualTo(code);
    assertThat(result.failure().retryable()).isEqualTo(retryable);
    assertThat(result.failure().httpStatus()).hasValue(200);
    assertThat(result.failure().providerCode()).hasValue(type);
    assertThat(result.failure().requestId()).hasValue("req_stream");
    assertThat(result.of(StreamEvent.TextDelta.class)).extracting(StreamEvent.TextDelta::text).containsExactly("Hel");
  }

  @ParameterizedTest
  @MethodSource("chunkSizes")
  void aStreamThatEndsBeforeMessageStopIsANetworkError(int size) {
    String sse = START + blockStart(0, "{\"type\":\"text\",\"text\":\"\"}")
        + blockDelta(0, "{\"type\":\"text_delta\",\"text\":\"cut\"}") + delta("end_turn", 3);

    AnthropicStreams.Result result = AnthropicStreams.decode(sse, size);

    assertThat(result.failure()).isNotNull();
    assertThat(result.failure().code()).isEqualTo(ErrorCode.NETWORK);
    assertThat(result.of(StreamEvent.Finished.class)).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("chunkSizes")
  void anEventThatIsNotJsonIsAnInvalidResponse(int size) {
    AnthropicStreams.Result result = AnthropicStreams.decode(START + event("content_block_delta", "{oops"), size);

    assertThat(result.failure().code()).isEqualTo(ErrorCode.INVALID_RESPONSE);
  }
}
