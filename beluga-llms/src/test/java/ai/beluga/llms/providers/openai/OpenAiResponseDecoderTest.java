package ai.beluga.llms.providers.openai;

import static org.assertj.core.api.Assertions.assertThat;

import ai.beluga.llms.ChatResponse;
import ai.beluga.llms.spi.WireResponse;
import ai.beluga.schema.FinishReason;
import ai.beluga.schema.ToolCall;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OpenAiResponseDecoderTest {

  private static ChatResponse decode(String body) {
    return OpenAiResponseDecoder.decode(new WireResponse(200, OpenAiStreams.NO_HEADERS,
        body.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void decodesTheLegacyFunctionCallAsAToolCallNamedByItsIndex() {
    ChatResponse response = decode("{\"id\":\"chatcmpl-7\",\"object\":\"chat.completion\","
        + "\"model\":\"gpt-3.5-turbo-0613\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
        + "\"content\":null,\"function_call\":{\"name\":\"get_weather\","
        + "\"arguments\":\"{\\\"city\\\":\\\"Zürich\\\"}\"}},\"finish_reason\":\"function_call\"}],"
        + "\"usage\":{\"prompt_tokens\":50,\"completion_tokens\":12,\"total_tokens\":62}}");

    assertThat(response.toolCalls()).containsExactly(ToolCall.of("call_0", "get_weather", "{\"city\":\"Zürich\"}"));
    assertThat(response.toolCalls().get(0).argumentsJson().path("city").asString()).isEqualTo("Zürich");
    assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(response.rawFinishReason()).hasValue("function_call");
    assertThat(response.text()).isEmpty();
  }

  @Test
  void aLegacyFunctionCallWithoutArgumentsHasAnEmptyObject() {
    ChatResponse response = decode("{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,"
        + "\"function_call\":{\"name\":\"now\"}},\"finish_reason\":\"function_call\"}]}");

    assertThat(response.toolCalls()).containsExactly(ToolCall.of("call_0", "now", "{}"));
  }

  @Test
  void aNullFunctionCallBesideToolCallsAddsNothing() {
    ChatResponse response = decode("{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,"
        + "\"function_call\":null,\"tool_calls\":[{\"id\":\"call_abc\",\"type\":\"function\",\"function\":{\"name\":"
        + "\"weather\",\"arguments\":\"{}\"}}]},\"finish_reason\":\"tool_calls\"}]}");

    assertThat(response.toolCalls()).containsExactly(ToolCall.of("call_abc", "weather", "{}"));
    assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
  }
}
