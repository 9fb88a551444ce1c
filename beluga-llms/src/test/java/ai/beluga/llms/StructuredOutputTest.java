package ai.beluga.llms;

import ai.beluga.llms.providers.mock.Mock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.beluga.llms.ChatModel;
import ai.beluga.llms.ChatRequest;
import ai.beluga.llms.assembly.Llms;
import ai.beluga.llms.errors.ErrorCode;
import ai.beluga.llms.errors.LlmException;
import ai.beluga.llms.providers.mock.MockConfig;
import ai.beluga.llms.providers.mock.MockScript;
import ai.beluga.schema.JsonSchema;
import ai.beluga.schema.Message;
import ai.beluga.schema.ResponseFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StructuredOutputTest {

  public record Forecast(String city, double celsius, List<String> warnings) {}

  @Test
  void sendsAJsonSchemaGeneratedFromTheRecord() {
    MockScript script = MockScript.create().enqueueText("{\"city\":\"Oslo\",\"celsius\":14.5,\"warnings\":[]}");
    ChatModel model = Mock.chatModel(MockConfig.builder().script(script).build());

    model.chat(ChatRequest.of("Forecast for Oslo?"), Forecast.class);

    ChatRequest sent = script.lastRequest().orElseThrow();
    assertThat(sent.responseFormat()).hasValueSatisfying(format -> {
      assertThat(format).isInstanceOf(ResponseFormat.JsonSchemaFormat.class);
      ResponseFormat.JsonSchemaFormat schema = (ResponseFormat.JsonSchemaFormat) format;
      assertThat(schema.name()).isEqualTo("Forecast");
      assertThat(schema.schema()).isEqualTo(JsonSchema.from(Forecast.class));
      assertThat(schema.schema().json()).contains("\"city\"", "\"celsius\"", "\"warnings\"");
    });
    assertThat(sent.messages()).isEqualTo(List.of(Message.user("Forecast for Oslo?")));
  }

  static Stream<Arguments> answers() {
    return Stream.of(
        Arguments.argumentSet("bare JSON", "{\"city\":\"Oslo\",\"celsius\":14.5,\"warnings\":[\"wind\"]}"),
        Arguments.argumentSet("JSON with surrounding blank lines", "\n\n {\"city\":\"Oslo\",\"celsius\":14.5,"
            + "\"warnings\":[\"wind\"]}  \n"),
        Arguments.argumentSet("a ```json fence", "```json\n{\"city\":\"Oslo\",\"celsius\":14.5,"
            + "\"warnings\":[\"wind\"]}\n```"),
        Arguments.argumentSet("a bare ``` fence", "```\n{\"city\":\"Oslo\",\"celsius\":14.5,\"warnings\":[\"wind\"]}\n```"),
        Arguments.argumentSet("an unknown extra property", "{\"city\":\"Oslo\",\"celsius\":14.5,\"warnings\":[\"wind\"],"
            + "\"humidity\":80}"));
  }

  @ParameterizedTest
  @MethodSource("answers")
  void bindsTheJsonAnswerToTheRecord(String answer) {
    ChatModel model = Mock.chatModel(MockConfig.builder().script(MockScript.create().enqueueText(answer)).build());

    Forecast forecast = model.chat(ChatRequest.of("Forecast for Oslo?"), Forecast.class);

    assertThat(forecast).isEqualTo(new Forecast("Oslo", 14.5, List.of("wind")));
  }

  static Stream<Arguments> badAnswers() {
    return Stream.of(
        Arguments.argumentSet("prose", "It will be mild in Oslo."),
        Arguments.argumentSet("empty text", ""),
        Arguments.argumentSet("truncated JSON", "{\"city\":\"Oslo\",\"cel"),
        Arguments.argumentSet("a wrong type", "{\"city\":\"Oslo\",\"celsius\":\"warm\",\"warnings\":[]}"),
        Arguments.argumentSet("an array instead of an object", "[\"Oslo\", 14.5]"));
  }

  @ParameterizedTest
  @MethodSource("badAnswers")
  void throwsInvalidResponseNamingTheTypeWhenTheAnswerDoesNotFit(String answer) {
    ChatModel model = Mock.chatModel(MockConfig.builder().model("m").script(MockScript.create().enqueueText(answer))
        .build());

    assertThatThrownBy(() -> model.chat(ChatRequest.of("Forecast?"), Forecast.class))
        .isInstanceOfSatisfying(LlmException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.INVALID_RESPONSE);
          assertThat(e.retryable()).isFalse();
          assertThat(e.getMessage()).contains(Forecast.class.getName());
          assertThat(e.provider()).contains("mock");
          assertThat(e.model()).contains("m");
        });
  }

  @Test
  void keepsAResponseFormatTheRequestAlreadyHas() {
    MockScript script = MockScript.create().enqueueText("{\"city\":\"Oslo\",\"celsius\":1,\"warnings\":[]}");
    ChatModel model = Mock.chatModel(MockConfig.builder().script(script).build());
    ChatRequest request = ChatRequest.builder().addMessage(Message.user("Forecast?"))
        .responseFormat(ResponseFormat.json()).build();

    Forecast forecast = model.chat(request, Forecast.class);

    assertThat(script.lastRequest().orElseThrow().responseFormat()).contains(ResponseFormat.json());
    assertThat(forecast.celsius()).isEqualTo(1.0);
  }
}
