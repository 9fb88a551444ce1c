package ai.beluga.llms.providers.openai;

import static org.assertj.core.api.Assertions.assertThat;

import ai.beluga.llms.ChatOptions;
import ai.beluga.llms.ChatRequest;
import ai.beluga.llms.config.Secret;
import ai.beluga.llms.fixtures.Fixtures;
import ai.beluga.llms.internal.Json;
import ai.beluga.schema.ContentPart;
import ai.beluga.schema.JsonSchema;
import ai.beluga.schema.Message;
import ai.beluga.schema.ResponseFormat;
import ai.beluga.schema.ToolCall;
import ai.beluga.schema.ToolChoice;
import ai.beluga.schema.ToolDefinition;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Validates the request bodies the encoder builds for every feature against {@code CreateChatCompletionRequest} in
 * OpenAI's OpenAPI specification ({@code ../shared/fixtures/specs/openai/openapi.prism-compatible.yaml}); skipped
 * when the fixtures are absent.
 */
class OpenAiRequestSpecTest {
  private static Schema schema;

  @BeforeAll
  static void loadTheSpecification() throws IOException {
    var root = Fixtures.requireRoot();
    JsonNode spec = YAMLMapper.builder().build().readTree(
        Files.readString(root.resolve("specs/openai/openapi.prism-compatible.yaml"), StandardCharsets.UTF_8));
    ObjectNode wrapper = Json.MAPPER.createObjectNode()
        .put("$schema", "https://json-schema.org/draft/2020-12/schema")
        .put("$ref", "#/components/schemas/CreateChatCompletionRequest");
    wrapper.set("components", spec.path("components"));
    schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
        .getSchema(wrapper.toString(), InputFormat.JSON);
  }

  static Stream<Arguments> requests() {
    ToolDefinition weather = ToolDefinition.of("get_weather", "Weather for a city",
        JsonSchema.of("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"],"
            + "\"additionalProperties\":false}")).withStrict(true);
    String png = Base64.getEncoder().encodeToString(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    return Stream.of(
        Arguments.argumentSet("text with system message", ChatRequest.of(Message.system("Be brief."),
            Message.user("Hi")), false),
        Arguments.argumentSet("developer message", ChatRequest.builder().addMessage(Message.system("Be brief."))
            .addMessage(Message.user("Hi")).options(ChatOptions.builder()
                .providerOptions(OpenAiOptions.builder().developerRole(true).build()).build()).build(), false),
        Arguments.argumentSet("images by URL and base64", ChatRequest.of(new Message.User(List.of(
            new ContentPart.Text("What is this?"), new ContentPart.ImageUrl(URI.create("https://example.com/a.png"),
                Optional.of("low")), new ContentPart.ImageData(png, "image/png", Optional.empty())))), false),
        Arguments.argumentSet("tools, strict, named tool choice, parallel tool calls", ChatRequest.builder()
            .addMessage(Message.user("Weather?")).addTool(weather).toolChoice(new ToolChoice.Named("get_weather"))
            .options(ChatOptions.builder().providerOptions(OpenAiOptions.builder().parallelToolCalls(false).build())
                .build()).build(), false),
        Arguments.argumentSet("tool choice required", ChatRequest.builder().addMessage(Message.user("Weather?"))
            .addTool(weather).toolChoice(new ToolChoice.Required()).build(), false),
        Arguments.argumentSet("tool calls and tool results", ChatRequest.of(Message.user("Weather?"),
            new Message.Assistant("", List.of(), List.of(ToolCall.of("call_1", "get_weather", "{\"city\":\"Oslo\"}"))),
            new Message.ToolResult("call_1", Optional.of("get_weather"), "{\"celsius\":3}", false)), false),
        Arguments.argumentSet("json_schema response format", ChatRequest.builder().addMessage(Message.user("JSON"))
            .responseFormat(new ResponseFormat.JsonSchemaFormat("answer", JsonSchema.of(
                "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}},\"required\":[\"a\"],"
                    + "\"additionalProperties\":false}"), true)).build(), false),
        Arguments.argumentSet("json_object response format", ChatRequest.builder().addMessage(Message.user("JSON"))
            .responseFormat(new ResponseFormat.Json()).build(), false),
        Arguments.argumentSet("sampling, seed, stop, penalties, max_completion_tokens, reasoning_effort",
            ChatRequest.builder().addMessage(Message.user("Hi")).options(ChatOptions.builder().temperature(0.2)
                .topP(0.9).seed(42).stopSequences(List.of("END")).frequencyPenalty(0.5).presencePenalty(-0.5)
                .maxOutputTokens(100).providerOptions(OpenAiOptions.builder().reasoningEffort("low").user("u-1")
                    .build()).build()).build(), false),
        Arguments.argumentSet("stream with include_usage", ChatRequest.of("Hi"), true));
  }

  @org.junit.jupiter.api.Test
  void theValidatorRejectsABodyWithoutMessages() {
    assertThat(schema.validate("{\"model\":\"gpt-4o\",\"seed\":\"x\"}", InputFormat.JSON)).isNotEmpty();
  }

  @ParameterizedTest
  @MethodSource("requests")
  void theRequestBodyValidatesAgainstCreateChatCompletionRequest(ChatRequest request, boolean stream) {
    OpenAiRequestEncoder encoder = new OpenAiRequestEncoder(OpenAiConfig.builder().apiKey(Secret.of("sk-test"))
        .model("gpt-4o").build());
    ChatRequest withModel = request.withOptions(request.options().toBuilder().model("gpt-4o").build());

    String body = new String(encoder.encode(withModel, stream).body(), StandardCharsets.UTF_8);
    List<Error> errors = schema.validate(body, InputFormat.JSON);

    assertThat(errors).as(body).isEmpty();
  }
}
