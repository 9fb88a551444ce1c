package ai.beluga.llms.testkit.providers.openai;

import ai.beluga.llms.ChatModel;
import ai.beluga.llms.assembly.LlmOption;
import ai.beluga.llms.config.Secret;
import ai.beluga.llms.errors.ErrorCode;
import ai.beluga.llms.providers.openai.OpenAi;
import ai.beluga.llms.providers.openai.OpenAiConfig;
import ai.beluga.llms.providers.openai.OpenAiPreset;
import ai.beluga.llms.testkit.ContractTarget;
import ai.beluga.llms.testkit.HttpContractTarget;
import ai.beluga.llms.testkit.StubResponse;
import ai.beluga.schema.FinishReason;
import ai.beluga.schema.ToolCall;
import ai.beluga.schema.Usage;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The contract target of the OpenAI provider: the exact Chat Completions wire format ({@code POST
 * /v1/chat/completions}, {@code chat.completion} bodies, {@code chat.completion.chunk} SSE frames with tool-call
 * deltas by index, a usage chunk after the finish chunk, {@code data: [DONE]}, OpenAI error bodies and
 * {@code x-request-id}) on an {@link HttpContractTarget}, and models built the way users build them:
 * {@code OpenAi.chatModel(config, options)}.
 *
 * <p>The same target runs a preset (built with {@code OpenAiConfig.builder(preset)}), so that a compatible server's
 * auth style and URL layout go through the whole suite too. Reasoning is scripted as DeepSeek's
 * {@code reasoning_content}.
 */
final class OpenAiContractTarget extends HttpContractTarget {
  private static final String MODEL = "gpt-test";
  private static final String API_KEY = "sk-test-key";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String RESPONSE_ID = "chatcmpl-contract-1";
  private static final Duration MODEL_TIMEOUT = Duration.ofSeconds(10);

  private final OpenAiPreset preset;

  OpenAiContractTarget(String name, OpenAiPreset preset, HttpClient client, ScheduledExecutorService scheduler) {
    super(name, "openai", Framing.SSE, chatPath(preset), client, scheduler);
    this.preset = Objects.requireNonNull(preset, "preset");
  }

  private OpenAiContractTarget(OpenAiContractTarget base, LlmOption... extra) {
    super(base, extra);
    this.preset = base.preset;
  }

  @Override
  public ContractTarget withOptions(LlmOption... extra) {
    return new OpenAiContractTarget(this, extra);
  }

  @Override
  public Set<Capability> capabilities() {
    Set<Capability> capabilities = super.capabilities();
    if (preset.unsupported().contains(OpenAiPreset.Feature.STREAM_OPTIONS)) {
      capabilities.remove(Capability.USAGE_IN_STREAMS);
    }
    return capabilities;
  }

  @Override
  protected ChatModel model(URI baseUri, LlmOption... options) {
    OpenAiConfig.Builder config = OpenAiConfig.builder(preset).apiKey(Secret.of(API_KEY)).model(MODEL)
        .timeout(MODEL_TIMEOUT);
    if (preset == OpenAiPreset.AZURE_OPENAI) {
      config.baseUrl(URI.create(baseUri + "/openai")).deployment("dep-1");
    } else {
      config.baseUrl(URI.create(baseUri + "/v1"));
    }
    return OpenAi.chatModel(config.build(), options);
  }

  /** The errors as OpenAI sends them (types and codes from its API reference and recorded bodies). */
  @Override
  protected List<WireError> errorTable() {
    return List.of(
        WireError.of(ErrorCode.INVALID_INPUT, 400, "invalid_request_error", null),
        WireError.of(ErrorCode.AUTHENTICATION, 401, "invalid_request_error", "invalid_api_key"),
        WireError.of(ErrorCode.PERMISSION_DENIED, 403, "request_forbidden", "unsupported_country_region_territory"),
        WireError.of(ErrorCode.NOT_FOUND, 404, "invalid_request_error", "model_not_found"),
        WireError.of(ErrorCode.CONTEXT_LENGTH_EXCEEDED, 400, "invalid_request_error", "context_length_exceeded")
            .alsoMidStream(),
        WireError.of(ErrorCode.CONTENT_FILTERED, 400, "invalid_request_error", "content_policy_violation")
            .alsoMidStream(),
        WireError.of(ErrorCode.REQUEST_TOO_LARGE, 413, "invalid_request_error", null),
        WireError.of(ErrorCode.RATE_LIMIT, 429, "requests", "rate_limit_exceeded").alsoMidStream(),
        WireError.of(ErrorCode.QUOTA_EXCEEDED, 429, "insufficient_quota", "insufficient_quota"),
        WireError.of(ErrorCode.OVERLOADED, 503, "server_error", null),
        WireError.of(ErrorCode.SERVER_ERROR, 500, "server_error", null).alsoMidStream(),
        WireError.of(ErrorCode.TIMEOUT, 504, "timeout", null));
  }

  /** {@code Retry-After}, and the rate-limit header OpenAI sends with it. */
  @Override
  protected StubResponse withRetryHint(StubResponse response) {
    return super.withRetryHint(response).header("x-ratelimit-remaining-requests", "0");
  }

  @Override
  protected String answerBody(Answer answer) {
    ObjectNode body = JSON.createObjectNode().put("id", RESPONSE_ID).put("object", "chat.completion")
        .put("created", 1_700_000_000L).put("model", MODEL);
    ObjectNode choice = body.putArray("choices").addObject().put("index", 0);
    ObjectNode message = choice.putObject("message").put("role", "assistant");
    if (answer.toolCalls().isEmpty()) {
      message.put("content", answer.text());
    } else {
      message.putNull("content");
    }
    if (!answer.reasoning().isEmpty()) {
      message.put("reasoning_content", answer.reasoning());
    }
    message.putNull("refusal");
    if (!answer.toolCalls().isEmpty()) {
      ArrayNode array = message.putArray("tool_calls");
      for (ToolCall call : answer.toolCalls()) {
        array.addObject().put("id", call.id()).put("type", "function").putObject("function")
            .put("name", call.name()).put("arguments", call.arguments());
      }
    }
    choice.putNull("logprobs").put("finish_reason", finish(answer.finish()));
    if (!answer.usage().isEmpty()) {
      body.set("usage", usageNode(answer.usage()));
    }
    return body.put("system_fingerprint", "fp_contract").toString();
  }

  @Override
  protected List<String> startFrames(Usage usage) {
    return List.of(chunk(delta().put("role", "assistant"), null));
  }

  @Override
  protected String textDelta(int block, String part) {
    return chunk(delta().put("content", part), null);
  }

  @Override
  protected String reasoningDelta(int block, String part) {
    return chunk(delta().put("reasoning_content", part), null);
  }

  @Override
  protected List<String> openToolCall(int index, ToolCall call) {
    ObjectNode first = delta();
    first.putArray("tool_calls").addObject().put("index", index).put("id", call.id()).put("type", "function")
        .putObject("function").put("name", call.name()).put("arguments", "");
    return List.of(chunk(first, null));
  }

  @Override
  protected String toolCallDelta(int index, String fragment) {
    ObjectNode next = delta();
    next.putArray("tool_calls").addObject().put("index", index).putObject("function").put("arguments", fragment);
    return chunk(next, null);
  }

  /** The finish chunk, the usage chunk {@code stream_options.include_usage} adds after it, and {@code [DONE]}. */
  @Override
  protected List<String> finishFrames(FinishReason reason, Usage usage) {
    List<String> frames = new ArrayList<>();
    frames.add(chunk(delta(), finish(reason)));
    if (!usage.isEmpty()) {
      frames.add(usageChunk(usage));
    }
    frames.add("[DONE]");
    return frames;
  }

  @Override
  protected String errorBody(WireError error) {
    return JSON.createObjectNode().set("error", errorDetail(error)).toString();
  }

  /** What OpenAI sends when a stream fails after HTTP 200: a frame holding only an error object. */
  @Override
  protected String errorFrame(WireError error) {
    return errorBody(error);
  }

  @Override
  protected String healthPath() {
    return preset == OpenAiPreset.AZURE_OPENAI ? "/openai/models" : "/v1/models";
  }

  @Override
  protected String healthyBody() {
    ObjectNode models = JSON.createObjectNode().put("object", "list");
    models.putArray("data").addObject().put("id", MODEL).put("object", "model").put("owned_by", "openai");
    return models.toString();
  }

  @Override
  public List<String> lastRequestToolNames() {
    List<String> names = new ArrayList<>();
    for (JsonNode tool : JSON.readTree(lastRequestBody()).path("tools")) {
      names.add(tool.path("function").path("name").asString());
    }
    return names;
  }

  @Override
  public Optional<String> lastRequestResponseSchema() {
    JsonNode format = JSON.readTree(lastRequestBody()).path("response_format");
    return "json_schema".equals(format.path("type").asString(null))
        && format.path("json_schema").path("schema").isObject()
        ? Optional.of(format.path("json_schema").path("schema").toString()) : Optional.empty();
  }

  private static String chatPath(OpenAiPreset preset) {
    return preset == OpenAiPreset.AZURE_OPENAI ? "/openai/deployments/dep-1/chat/completions" : "/v1/chat/completions";
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The Chat Completions wire format

  /** The raw reasons, {@code stop}, {@code length} and {@code tool_calls}: the names in lower case. */
  private static String finish(FinishReason reason) {
    return reason.name().toLowerCase(Locale.ROOT);
  }


  private static ObjectNode usageNode(Usage usage) {
    ObjectNode node = JSON.createObjectNode();
    usage.inputTokens().ifPresent(n -> node.put("prompt_tokens", n));
    usage.outputTokens().ifPresent(n -> node.put("completion_tokens", n));
    node.put("total_tokens", usage.totalTokens().orElse(usage.inputTokens().orElse(0) + usage.outputTokens().orElse(0)));
    usage.cachedInputTokens().ifPresent(n -> node.putObject("prompt_tokens_details").put("cached_tokens", n));
    usage.reasoningOutputTokens().ifPresent(n -> node.putObject("completion_tokens_details")
        .put("reasoning_tokens", n));
    return node;
  }

  private static ObjectNode delta() {
    return JSON.createObjectNode();
  }

  /** One {@code chat.completion.chunk} with one choice; live chunks carry {@code finish_reason: null}. */
  private static String chunk(ObjectNode delta, String finishReason) {
    ObjectNode frame = JSON.createObjectNode().put("id", RESPONSE_ID).put("object", "chat.completion.chunk")
        .put("created", 1_700_000_000L).put("model", MODEL).putNull("system_fingerprint");
    ObjectNode choice = frame.putArray("choices").addObject().put("index", 0);
    choice.set("delta", delta);
    choice.putNull("logprobs");
    if (finishReason == null) {
      choice.putNull("finish_reason");
    } else {
      choice.put("finish_reason", finishReason);
    }
    return frame.toString();
  }

  /** The chunk {@code stream_options.include_usage} adds after the finish chunk: no choices, only usage. */
  private static String usageChunk(Usage usage) {
    ObjectNode frame = JSON.createObjectNode().put("id", RESPONSE_ID).put("object", "chat.completion.chunk")
        .put("created", 1_700_000_000L).put("model", MODEL);
    frame.putArray("choices");
    frame.set("usage", usageNode(usage));
    return frame.toString();
  }

  private static ObjectNode errorDetail(WireError error) {
    ObjectNode detail = JSON.createObjectNode().put("message", error.message());
    putOrNull(detail, "type", error.type());
    detail.putNull("param");
    putOrNull(detail, "code", error.providerCode());
    return detail;
  }

  private static void putOrNull(ObjectNode node, String field, String value) {
    if (value == null) {
      node.putNull(field);
    } else {
      node.put(field, value);
    }
  }
}
