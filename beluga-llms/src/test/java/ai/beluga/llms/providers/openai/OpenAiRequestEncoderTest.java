package ai.beluga.llms.providers.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.beluga.llms.ChatModel;
import ai.beluga.llms.ChatOptions;
import ai.beluga.llms.ChatRequest;
import ai.beluga.llms.assembly.Llms;
import ai.beluga.llms.config.InvalidConfigException;
import ai.beluga.llms.config.Secret;
import ai.beluga.llms.errors.ErrorCode;
import ai.beluga.llms.errors.LlmException;
import ai.beluga.llms.internal.Json;
import ai.beluga.llms.spi.WireRequest;
import ai.beluga.schema.ContentPart;
import ai.beluga.schema.Message;
import ai.beluga.schema.ResponseFormat;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

class OpenAiRequestEncoderTest {
  private static OpenAiRequestEncoder encoder(OpenAiPreset preset) {
    OpenAiConfig.Builder builder = OpenAiConfig.builder(preset).apiKey(Secret.of("sk-secret")).model("m");
    if (preset == OpenAiPreset.AZURE_OPENAI) {
      builder.baseUrl(URI.create("https://res.openai.azure.com/openai")).deployment("dep");
    }
    return new OpenAiRequestEncoder(builder.build());
  }

  private static ChatRequest request(ChatOptions options) {
    return ChatRequest.builder().addMessage(Message.user("Hi")).options(options.toBuilder().model("m").build())
        .build();
  }

  static Stream<Arguments> unsupported() {
    return Stream.of(
        Arguments.argumentSet("top_k on OpenAI", OpenAiPreset.OPENAI, request(ChatOptions.builder().topK(5).build()),
            "top_k"),
        Arguments.argumentSet("penalties on Groq", OpenAiPreset.GROQ,
            request(ChatOptions.builder().frequencyPenalty(0.1).build()), "frequency_penalty"),
        Arguments.argumentSet("json_schema on DeepSeek", OpenAiPreset.DEEPSEEK, ChatRequest.builder()
            .addMessage(Message.user("Hi")).responseFormat(ResponseFormat.jsonSchema("answer",
                ai.beluga.schema.JsonSchema.of("{\"type\":\"object\"}"))).build(), "json_schema"),
        Arguments.argumentSet("reasoning_effort on llama.cpp", OpenAiPreset.LLAMA_CPP, request(ChatOptions.builder()
            .providerOptions(OpenAiOptions.builder().reasoningEffort("low").build()).build()), "reasoning_effort"),
        Arguments.argumentSet("images on Perplexity", OpenAiPreset.PERPLEXITY, ChatRequest.of(new Message.User(List.of(
            new ContentPart.ImageUrl(URI.create("https://example.com/a.png"), Optional.empty())))), "image"));
  }

  @ParameterizedTest
  @MethodSource("unsupported")
  void aFeatureThePresetLacksIsUnsupportedNamingPresetAndFeature(OpenAiPreset preset, ChatRequest request,
      String feature) {
    assertThatThrownBy(() -> encoder(preset).encode(request, false)).isInstanceOfSatisfying(LlmException.class, e -> {
      assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED);
      assertThat(e.getMessage()).contains(preset.id()).contains(feature);
    });
  }

  @Test
  void streamsAlwaysAskForUsageUnlessThePresetLacksStreamOptions() {
    JsonNode openAi = Json.MAPPER.readTree(encoder(OpenAiPreset.OPENAI).encode(request(ChatOptions.none()), true)
        .body());
    JsonNode groq = Json.MAPPER.readTree(encoder(OpenAiPreset.GROQ).encode(request(ChatOptions.none()), true).body());

    assertThat(openAi.path("stream_options").path("include_usage").asBoolean()).isTrue();
    assertThat(groq.has("stream_options")).isFalse();
  }

  @Test
  void maxOutputTokensIsMaxCompletionTokensOnOpenAiAndMaxTokensElsewhere() {
    ChatRequest request = request(ChatOptions.builder().maxOutputTokens(64).build());

    assertThat(Json.MAPPER.readTree(encoder(OpenAiPreset.OPENAI).encode(request, false).body())
        .path("max_completion_tokens").asInt()).isEqualTo(64);
    assertThat(Json.MAPPER.readTree(encoder(OpenAiPreset.VLLM).encode(request, false).body())
        .path("max_tokens").asInt()).isEqualTo(64);
  }

  @Test
  void azureUsesTheDeploymentUrlApiVersionAndApiKeyHeader() {
    WireRequest wire = encoder(OpenAiPreset.AZURE_OPENAI).encode(request(ChatOptions.none()), false);

    assertThat(wire.uri()).hasToString(
        "https://res.openai.azure.com/openai/deployments/dep/chat/completions?api-version="
            + OpenAiConfig.DEFAULT_AZURE_API_VERSION);
    assertThat(wire.headers()).containsEntry("api-key", "sk-secret").doesNotContainKey("Authorization");
  }

  @Test
  void organizationAndProjectHeadersAndTheBasePathAreKept() {
    OpenAiConfig config = OpenAiConfig.builder().apiKey(Secret.of("sk-secret")).organization("org-1")
        .project("proj-1").baseUrl(URI.create("https://proxy.example.com/openai/v1/")).build();

    WireRequest wire = new OpenAiRequestEncoder(config).encode(request(ChatOptions.none()), false);

    assertThat(wire.uri()).hasToString("https://proxy.example.com/openai/v1/chat/completions");
    assertThat(wire.headers()).containsEntry("OpenAI-Organization", "org-1").containsEntry("OpenAI-Project", "proj-1")
        .containsEntry("Authorization", "Bearer sk-secret");
  }

  @Test
  void theKeyNeverShowsInToString() {
    OpenAiConfig config = OpenAiConfig.builder().apiKey(Secret.of("sk-secret")).build();

    assertThat(config.toString()).doesNotContain("sk-secret");
    assertThat(new OpenAiTranslator(config).toString()).doesNotContain("sk-secret");
  }

  @Test
  void validationReportsEveryViolationAtOnce() {
    OpenAiConfig config = OpenAiConfig.builder(OpenAiPreset.AZURE_OPENAI).model(" ").apiVersion(null).build();

    assertThatThrownBy(() -> OpenAi.chatModel(config)).isInstanceOfSatisfying(InvalidConfigException.class,
        e -> assertThat(e.violations()).extracting(InvalidConfigException.Violation::field)
            .contains("apiKey", "apiVersion", "baseUrl", "model"));
  }

  @Test
  void organizationOnAPresetWithoutItIsAConfigError() {
    OpenAiConfig config = OpenAiConfig.builder(OpenAiPreset.GROQ).apiKey(Secret.of("k")).organization("org").build();

    assertThatThrownBy(config::validate).isInstanceOfSatisfying(InvalidConfigException.class,
        e -> assertThat(e.violations()).extracting(InvalidConfigException.Violation::field).contains("organization"));
  }

  @Test
  void everyPresetIsRegisteredByName() {
    assertThat(Llms.providers()).contains("openai", "azure-openai", "groq", "deepseek", "together", "openrouter",
        "xai", "fireworks", "perplexity", "vllm", "lmstudio", "llamacpp");
    ChatModel model = Llms.create("vllm", Map.of("model", "qwen", "baseUrl", "http://localhost:9000/v1"));

    assertThat(model.provider()).isEqualTo("openai");
    assertThat(model.model()).isEqualTo("qwen");
  }

  @Test
  void fromEnvReadsTheUsualVariables() {
    Map<String, String> env = Map.of("OPENAI_API_KEY", "sk-env", "OPENAI_BASE_URL", "http://localhost:1/v1",
        "OPENAI_ORG_ID", "org-env");

    OpenAiConfig config = OpenAiConfig.fromEnv(OpenAiPreset.OPENAI, env::get);

    assertThat(config.apiKeySecret().map(Secret::reveal)).hasValue("sk-env");
    assertThat(config.baseUrl()).hasToString("http://localhost:1/v1");
    assertThat(config.organization()).hasValue("org-env");
  }
}
