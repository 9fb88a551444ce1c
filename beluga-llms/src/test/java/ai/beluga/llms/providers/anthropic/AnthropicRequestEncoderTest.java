package ai.beluga.llms.providers.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.beluga.llms.ChatOptions;
import ai.beluga.llms.ChatRequest;
import ai.beluga.llms.config.Secret;
import ai.beluga.llms.errors.ErrorCode;
import ai.beluga.llms.errors.LlmException;
import ai.beluga.llms.spi.WireRequest;
import ai.beluga.schema.ContentPart;
import ai.beluga.schema.JsonSchema;
import ai.beluga.schema.Message;
import ai.beluga.schema.Reasoning;
import ai.beluga.schema.ResponseFormat;
import ai.beluga.schema.ToolCall;
import ai.beluga.schema.ToolChoice;
import ai.beluga.schema.ToolDefinition;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class AnthropicRequestEncoderTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final AnthropicTranslator TRANSLATOR = new AnthropicTranslator(AnthropicConfig.builder()
      .apiKey(Secret.of("sk-ant-secret")).model("claude-x").baseUrl(URI.create("http://localhost:1234/"))
      .extraHeader("anthropic-beta", "some-beta").build(), Clock.systemUTC());
  private static final ToolDefinition WEATHER = ToolDefinition.of("get_weather", "Weather for a city",
      JsonSchema.of("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}"));

  private static ChatRequest.Builder request() {
    return ChatRequest.builder().options(ChatOptions.builder().model("claude-x").build());
  }

  private static JsonNode body(ChatRequest request) {
    return JSON.readTree(TRANSLATOR.encode(request, false).body());
  }

  @Test
  void sendsTheKeyVersionAndExtraHeadersToTheMessagesEndpoint() {
    WireRequest wire = TRANSLATOR.encode(request().addMessage(Message.user("Hi")).build(), true);

    assertThat(wire.uri()).isEqualTo(URI.create("http://localhost:1234/v1/messages"));
    assertThat(wire.headers()).containsEntry("x-api-key", "sk-ant-secret")
        .containsEntry("anthropic-version", "2023-06-01").containsEntry("anthropic-beta", "some-beta");
    assertThat(wire.toString()).doesNotContain("sk-ant-secret");
    assertThat(JSON.readTree(wire.body()).path("stream").asBoolean()).isTrue();
    assertThat(TRANSLATOR.healthProbe().orElseThrow().uri().getPath()).isEqualTo("/v1/models");
  }

  @Test
  void putsSystemMessagesOnTopAndMapsOptionsWithTheDefaultMaxTokens() {
    JsonNode body = body(request()
        .addMessage(Message.system("Be brief."))
        .addMessage(Message.user("Hi"))
        .options(ChatOptions.builder().model("claude-x").temperature(0.5).topP(0.9).topK(40)
            .stopSequences("END").extraBody("metadata", java.util.Map.of("user_id", "u1")).build())
        .build());

    assertThat(body.path("model").asString()).isEqualTo("claude-x");
    assertThat(body.path("max_tokens").asInt()).isEqualTo(AnthropicConfig.DEFAULT_MAX_TOKENS);
    assertThat(body.path("system").get(0).path("text").asString()).isEqualTo("Be brief.");
    assertThat(body.path("messages")).hasSize(1);
    assertThat(body.path("temperature").asDouble()).isEqualTo(0.5);
    assertThat(body.path("top_p").asDouble()).isEqualTo(0.9);
    assertThat(body.path("top_k").asInt()).isEqualTo(40);
    assertThat(body.path("stop_sequences").get(0).asString()).isEqualTo("END");
    assertThat(body.path("metadata").path("user_id").asString()).isEqualTo("u1");
    assertThat(body.has("stream")).isFalse();
  }

  @Test
  void encodesImagesByUrlAndBase64AndPdfDocuments() {
    JsonNode content = body(request().addMessage(Message.user(
        ContentPart.text("Look"),
        ContentPart.imageUrl(URI.create("https://example.com/cat.png")),
        ContentPart.image(new byte[] {1, 2, 3}, "image/png"),
        ContentPart.document("%PDF-1.4".getBytes(StandardCharsets.US_ASCII), "application/pdf").withTitle("Spec")))
        .build()).path("messages").get(0).path("content");

    assertThat(content.get(1).path("source").path("type").asString()).isEqualTo("url");
    assertThat(content.get(1).path("source").path("url").asString()).isEqualTo("https://example.com/cat.png");
    assertThat(content.get(2).path("source").path("type").asString()).isEqualTo("base64");
    assertThat(content.get(2).path("source").path("media_type").asString()).isEqualTo("image/png");
    assertThat(content.get(2).path("source").path("data").asString()).isEqualTo("AQID");
    assertThat(content.get(3).path("type").asString()).isEqualTo("document");
    assertThat(content.get(3).path("source").path("media_type").asString()).isEqualTo("application/pdf");
    assertThat(content.get(3).path("title").asString()).isEqualTo("Spec");
  }

  @Test
  void sendsThinkingTextToolCallsAndToolResultsBackInOrder() {
    ToolCall call = ToolCall.of("toolu_1", "get_weather", "");
    ToolCall second = ToolCall.of("toolu_2", "get_weather", "{\"city\":\"Oslo\"}");
    JsonNode messages = body(request()
        .addMessage(Message.user("Weather?"))
        .addMessage(new Message.Assistant("Checking.", List.of(
            new Reasoning("I should call the tool.", Optional.of("sig1"), Optional.empty()),
            Reasoning.redacted("opaque"), Reasoning.of("unsigned, from another provider")), List.of(call, second)))
        .addMessage(Message.toolResult(call, "12 C"))
        .addMessage(Message.toolError(second, "city unknown"))
        .build()).path("messages");

    assertThat(messages).hasSize(3);
    JsonNode assistant = messages.get(1).path("content");
    assertThat(assistant).extracting(block -> block.path("type").asString())
        .containsExactly("thinking", "redacted_thinking", "text", "tool_use", "tool_use");
    assertThat(assistant.get(0).path("signature").asString()).isEqualTo("sig1");
    assertThat(assistant.get(1).path("data").asString()).isEqualTo("opaque");
    assertThat(assistant.get(3).path("input").isObject()).isTrue();
    assertThat(assistant.get(4).path("input").path("city").asString()).isEqualTo("Oslo");
    JsonNode results = messages.get(2).path("content");
    assertThat(messages.get(2).path("role").asString()).isEqualTo("user");
    assertThat(results.get(0).path("tool_use_id").asString()).isEqualTo("toolu_1");
    assertThat(results.get(0).has("is_error")).isFalse();
    assertThat(results.get(1).path("is_error").asBoolean()).isTrue();
  }

  static Stream<Arguments> toolChoices() {
    return Stream.of(
        Arguments.argumentSet("auto", ToolChoice.auto(), "{\"type\":\"auto\"}"),
        Arguments.argumentSet("none", ToolChoice.none(), "{\"type\":\"none\"}"),
        Arguments.argumentSet("required", ToolChoice.required(), "{\"type\":\"any\"}"),
        Arguments.argumentSet("named", ToolChoice.tool("get_weather"), "{\"type\":\"tool\",\"name\":\"get_weather\"}"));
  }

  @ParameterizedTest
  @MethodSource("toolChoices")
  void mapsToolsAndToolChoice(ToolChoice choice, String expected) {
    JsonNode body = body(request().addMessage(Message.user("Hi")).addTool(WEATHER).toolChoice(choice).build());

    assertThat(body.path("tools").get(0).path("name").asString()).isEqualTo("get_weather");
    assertThat(body.path("tools").get(0).path("input_schema").path("type").asString()).isEqualTo("object");
    assertThat(body.path("tool_choice")).isEqualTo(JSON.readTree(expected));
  }

  @Test
  void asksForStructuredOutputWithAForcedToolWhoseSchemaIsTheResponseSchema() {
    JsonSchema schema = JsonSchema.of("{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}}}");
    JsonNode body = body(request().addMessage(Message.user("City?"))
        .responseFormat(ResponseFormat.jsonSchema("City", schema)).build());

    assertThat(body.path("tools").get(0).path("name").asString()).isEqualTo(AnthropicRequestEncoder.RESPONSE_TOOL);
    assertThat(body.path("tools").get(0).path("input_schema")).isEqualTo(schema.toJsonNode());
    assertThat(body.path("tool_choice").path("type").asString()).isEqualTo("tool");
    assertThat(body.path("tool_choice").path("name").asString()).isEqualTo(AnthropicRequestEncoder.RESPONSE_TOOL);
  }

  @Test
  void turnsOnThinkingWithItsBudgetAndRaisesTheDefaultMaxTokensAboveIt() {
    JsonNode body = body(request().addMessage(Message.user("Think"))
        .options(ChatOptions.builder().model("claude-x").providerOptions(AnthropicOptions.thinking(2048)).build())
        .build());

    assertThat(body.path("thinking").path("type").asString()).isEqualTo("enabled");
    assertThat(body.path("thinking").path("budget_tokens").asInt()).isEqualTo(2048);
    assertThat(body.path("max_tokens").asInt()).isEqualTo(2048 + AnthropicConfig.DEFAULT_MAX_TOKENS);
  }

  static Stream<Arguments> unsupported() {
    return Stream.of(
        Arguments.argumentSet("seed", request().addMessage(Message.user("x"))
            .options(ChatOptions.builder().model("claude-x").seed(7).build()).build(), "seed"),
        Arguments.argumentSet("frequency penalty", request().addMessage(Message.user("x"))
            .options(ChatOptions.builder().model("claude-x").frequencyPenalty(0.1).build()).build(),
            "frequencyPenalty"),
        Arguments.argumentSet("presence penalty", request().addMessage(Message.user("x"))
            .options(ChatOptions.builder().model("claude-x").presencePenalty(0.1).build()).build(),
            "presencePenalty"),
        Arguments.argumentSet("a Word document", request().addMessage(Message.user(ContentPart.document(
            new byte[] {1}, "application/msword"))).build(), "application/msword"),
        Arguments.argumentSet("a response format with a tool choice", request().addMessage(Message.user("x"))
            .addTool(WEATHER).toolChoice(ToolChoice.auto()).responseFormat(ResponseFormat.json()).build(),
            "tool choice"),
        Arguments.argumentSet("a response format with thinking", request().addMessage(Message.user("x"))
            .responseFormat(ResponseFormat.json()).options(ChatOptions.builder().model("claude-x")
                .providerOptions(AnthropicOptions.thinking(1024)).build()).build(), "thinking"));
  }

  @ParameterizedTest
  @MethodSource("unsupported")
  void raisesUnsupportedNamingTheFeatureInsteadOfDroppingIt(ChatRequest request, String named) {
    assertThatThrownBy(() -> TRANSLATOR.encode(request, false))
        .isInstanceOfSatisfying(LlmException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED);
          assertThat(e.provider()).hasValue("anthropic");
        })
        .hasMessageContaining(named);
  }
}
