package ai.beluga.llms.testkit.providers.anthropic;

import ai.beluga.llms.ChatModel;
import ai.beluga.llms.assembly.LlmOption;
import ai.beluga.llms.config.Secret;
import ai.beluga.llms.errors.ErrorCode;
import ai.beluga.llms.providers.anthropic.Anthropic;
import ai.beluga.llms.providers.anthropic.AnthropicConfig;
import ai.beluga.llms.testkit.ContractTarget;
import ai.beluga.llms.testkit.HttpContractTarget;
import ai.beluga.schema.FinishReason;
import ai.beluga.schema.ToolCall;
import ai.beluga.schema.Usage;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The contract target of the {@code anthropic} provider: the exact Messages API wire format (message bodies,
 * {@code event:}/{@code data:} SSE streams with {@code message_start}, {@code ping}, {@code content_block_*},
 * {@code message_delta} and {@code message_stop}, error bodies with {@code request-id} and {@code retry-after}, and
 * {@code error} events after HTTP 200) on an {@link HttpContractTarget}, with models built through
 * {@code Anthropic.chatModel}. Structured output is asked for, and answered, as a forced tool.
 */
final class AnthropicContractTarget extends HttpContractTarget {
  private static final String MODEL = "claude-test-1";
  private static final String API_KEY = "sk-ant-test-key";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String RESPONSE_TOOL = "beluga_json_response";
  private static final String MESSAGE_ID = "msg_01TestContract";
  private static final Duration MODEL_TIMEOUT = Duration.ofSeconds(30);
  /** The raw stop reasons of the scripted finishes. */
  private static final Map<FinishReason, String> STOP_REASONS = Map.of(
      FinishReason.STOP, "end_turn", FinishReason.LENGTH, "max_tokens", FinishReason.TOOL_CALLS, "tool_use");

  AnthropicContractTarget(HttpClient client, ScheduledExecutorService scheduler, LlmOption... options) {
    super("anthropic", "anthropic", Framing.SSE_EVENTS, "/v1/messages", client, scheduler, options);
  }

  private AnthropicContractTarget(AnthropicContractTarget base, LlmOption... extra) {
    super(base, extra);
  }

  @Override
  public ContractTarget withOptions(LlmOption... extra) {
    return new AnthropicContractTarget(this, extra);
  }

  @Override
  protected ChatModel model(URI baseUri, LlmOption... options) {
    AnthropicConfig config = AnthropicConfig.builder()
        .apiKey(Secret.of(API_KEY))
        .model(MODEL)
        .baseUrl(baseUri)
        .timeout(MODEL_TIMEOUT)
        .maxRetries(0)
        .build();
    return Anthropic.chatModel(config, options);
  }

  /** The Messages API's errors, with the messages it sends; {@code error} events carry the same bodies. */
  @Override
  protected List<WireError> errorTable() {
    return List.of(
        row(ErrorCode.INVALID_INPUT, 400, "invalid_request_error",
            "messages: roles must alternate between \"user\" and \"assistant\""),
        row(ErrorCode.AUTHENTICATION, 401, "authentication_error", "invalid x-api-key"),
        row(ErrorCode.QUOTA_EXCEEDED, 402, "billing_error",
            "Your credit balance is too low to access the Anthropic API."),
        row(ErrorCode.PERMISSION_DENIED, 403, "permission_error",
            "Your API key does not have permission to use the specified resource."),
        row(ErrorCode.NOT_FOUND, 404, "not_found_error", "model: claude-test-1"),
        row(ErrorCode.CONTEXT_LENGTH_EXCEEDED, 400, "invalid_request_error",
            "prompt is too long: 212345 tokens > 200000 maximum"),
        row(ErrorCode.REQUEST_TOO_LARGE, 413, "request_too_large",
            "Request exceeds the maximum allowed number of bytes."),
        row(ErrorCode.RATE_LIMIT, 429, "rate_limit_error",
            "This request would exceed the rate limit for your organization.").alsoMidStream(),
        row(ErrorCode.SERVER_ERROR, 500, "api_error", "Internal server error").alsoMidStream(),
        row(ErrorCode.TIMEOUT, 504, "timeout_error", "Request timed out"),
        row(ErrorCode.OVERLOADED, 529, "overloaded_error", "Overloaded").alsoMidStream());
  }

  @Override
  protected String requestIdHeader() {
    return "request-id";
  }

  @Override
  protected String answerBody(Answer answer) {
    List<JsonNode> blocks = new ArrayList<>();
    if (!answer.reasoning().isEmpty()) {
      blocks.add(JSON.createObjectNode().put("type", "thinking").put("thinking", answer.reasoning())
          .put("signature", "sig-contract"));
    }
    if (answer.structured()) {
      blocks.add(toolUseBlock("toolu_structured", RESPONSE_TOOL, JSON.readTree(answer.text())));
    } else if (answer.toolCalls().isEmpty()) {
      blocks.add(textBlock(answer.text()));
    }
    for (ToolCall call : answer.toolCalls()) {
      blocks.add(toolUseBlock(call.id(), call.name(), call.argumentsJson()));
    }
    ObjectNode body = JSON.createObjectNode().put("id", MESSAGE_ID).put("type", "message").put("role", "assistant")
        .put("model", MODEL);
    ArrayNode content = body.putArray("content");
    blocks.forEach(content::add);
    String stopReason = answer.structured() ? "tool_use" : STOP_REASONS.get(answer.finish());
    body.put("stop_reason", stopReason).putNull("stop_sequence");
    body.set("usage", usageNode(answer.usage(), false));
    return body.toString();
  }

  @Override
  protected List<String> startFrames(Usage usage) {
    return List.of(messageStart(usage), ping());
  }

  @Override
  protected List<String> openText(int block) {
    return List.of(blockStart(block, textBlock("")));
  }

  @Override
  protected String textDelta(int block, String part) {
    return blockDelta(block, JSON.createObjectNode().put("type", "text_delta").put("text", part));
  }

  @Override
  protected List<String> closeText(int block) {
    return List.of(blockStop(block));
  }

  @Override
  protected List<String> openReasoning(int block) {
    return List.of(blockStart(block, JSON.createObjectNode().put("type", "thinking").put("thinking", "")));
  }

  @Override
  protected String reasoningDelta(int block, String part) {
    return blockDelta(block, JSON.createObjectNode().put("type", "thinking_delta").put("thinking", part));
  }

  @Override
  protected List<String> closeReasoning(int block) {
    return List.of(
        blockDelta(block, JSON.createObjectNode().put("type", "signature_delta").put("signature", "sig-contract")),
        blockStop(block));
  }

  @Override
  protected List<String> openToolCall(int index, ToolCall call) {
    return List.of(blockStart(index, toolUseBlock(call.id(), call.name(), JSON.createObjectNode())),
        toolCallDelta(index, ""));
  }

  @Override
  protected String toolCallDelta(int index, String fragment) {
    return blockDelta(index, JSON.createObjectNode().put("type", "input_json_delta").put("partial_json", fragment));
  }

  @Override
  protected List<String> closeToolCall(int index) {
    return List.of(blockStop(index));
  }

  @Override
  protected List<String> finishFrames(FinishReason reason, Usage usage) {
    return List.of(messageDelta(STOP_REASONS.get(reason), usage), messageStop());
  }

  @Override
  protected String invalidFrame() {
    return sseEvent("content_block_delta", NOT_JSON);
  }

  @Override
  protected String errorBody(WireError error) {
    ObjectNode body = JSON.createObjectNode().put("type", "error");
    body.putObject("error").put("type", error.type()).put("message", error.message());
    return body.put("request_id", "req_" + error.code().errorType()).toString();
  }

  /** An {@code error} event, whose data is the error body unchanged. */
  @Override
  protected String errorFrame(WireError error) {
    return sseEvent("error", errorBody(error));
  }

  @Override
  protected String healthPath() {
    return "/v1/models";
  }

  @Override
  protected String healthyBody() {
    ObjectNode body = JSON.createObjectNode();
    body.putArray("data").addObject().put("type", "model").put("id", MODEL).put("display_name", "Claude Test");
    return body.put("has_more", true).put("first_id", MODEL).put("last_id", MODEL).toString();
  }

  @Override
  public List<String> lastRequestToolNames() {
    List<String> names = new ArrayList<>();
    for (JsonNode tool : JSON.readTree(lastRequestBody()).path("tools")) {
      if (!RESPONSE_TOOL.equals(tool.path("name").asString())) {
        names.add(tool.path("name").asString());
      }
    }
    return names;
  }

  /** {@return the input schema of the forced structured-output tool, which is how Anthropic is asked for a format} */
  @Override
  public Optional<String> lastRequestResponseSchema() {
    for (JsonNode tool : JSON.readTree(lastRequestBody()).path("tools")) {
      if (RESPONSE_TOOL.equals(tool.path("name").asString())) {
        return Optional.of(tool.path("input_schema").toString());
      }
    }
    return Optional.empty();
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The Messages API wire format

  private static WireError row(ErrorCode code, int status, String type, String message) {
    return WireError.of(code, status, type, null).withMessage(message);
  }


  private static String event(String type, JsonNode data) {
    return sseEvent(type, data.toString());
  }

  private static ObjectNode usageNode(Usage usage, boolean delta) {
    ObjectNode node = JSON.createObjectNode();
    if (!delta) {
      node.put("input_tokens", usage.inputTokens().orElse(0)).put("cache_creation_input_tokens", 0)
          .put("cache_read_input_tokens", 0);
    }
    return node.put("output_tokens", usage.outputTokens().orElse(0));
  }

  private static ObjectNode textBlock(String text) {
    return JSON.createObjectNode().put("type", "text").put("text", text);
  }

  private static ObjectNode toolUseBlock(String id, String name, JsonNode input) {
    ObjectNode block = JSON.createObjectNode().put("type", "tool_use").put("id", id).put("name", name);
    block.set("input", input);
    return block;
  }

  private static String messageStart(Usage usage) {
    ObjectNode message = JSON.createObjectNode().put("id", MESSAGE_ID).put("type", "message")
        .put("role", "assistant").put("model", MODEL);
    message.putArray("content");
    message.putNull("stop_reason").putNull("stop_sequence");
    ObjectNode startUsage = usageNode(usage, false).put("output_tokens", 1);
    message.set("usage", startUsage);
    ObjectNode data = JSON.createObjectNode().put("type", "message_start");
    data.set("message", message);
    return event("message_start", data);
  }

  private static String ping() {
    return event("ping", JSON.createObjectNode().put("type", "ping"));
  }

  private static String blockStart(int index, JsonNode block) {
    ObjectNode data = JSON.createObjectNode().put("type", "content_block_start").put("index", index);
    data.set("content_block", block);
    return event("content_block_start", data);
  }

  private static String blockDelta(int index, JsonNode delta) {
    ObjectNode data = JSON.createObjectNode().put("type", "content_block_delta").put("index", index);
    data.set("delta", delta);
    return event("content_block_delta", data);
  }

  private static String blockStop(int index) {
    return event("content_block_stop", JSON.createObjectNode().put("type", "content_block_stop").put("index", index));
  }

  private static String messageDelta(String stopReason, Usage usage) {
    ObjectNode data = JSON.createObjectNode().put("type", "message_delta");
    data.putObject("delta").put("stop_reason", stopReason).putNull("stop_sequence");
    data.set("usage", usageNode(usage, true));
    return event("message_delta", data);
  }

  private static String messageStop() {
    return event("message_stop", JSON.createObjectNode().put("type", "message_stop"));
  }
}
