package ai.beluga.llms.testkit.engine;

import ai.beluga.llms.ChatModel;
import ai.beluga.llms.ChatOptions;
import ai.beluga.llms.assembly.LlmOption;
import ai.beluga.llms.assembly.ModelAssembly;
import ai.beluga.llms.errors.ErrorCode;
import ai.beluga.llms.spi.ChatTranslator.StreamFraming;
import ai.beluga.llms.spi.HttpModelSettings;
import ai.beluga.llms.spi.http.HttpProviders;
import ai.beluga.llms.testkit.ContractTarget;
import ai.beluga.llms.testkit.HttpContractTarget;
import ai.beluga.schema.FinishReason;
import ai.beluga.schema.ToolCall;
import ai.beluga.schema.Usage;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The contract target of the {@link ReferenceTranslator}'s made-up wire format on the HTTP engine, and the worked
 * example of what a new HTTP provider writes: an {@link HttpContractTarget} that supplies only its wire snippets.
 * The base class runs every scenario (fresh stub server, stream order, network chunks, cut and held-open
 * connections, retry hints, health probe) and reads every hook back from the server; this class says how the
 * reference wire writes an answer, a stream frame and an error, and which errors it has.
 *
 * <p>The reference wire, in short: an answer is {@code {"id", "model", "text", "reasoning"?, "tool_calls"?,
 * "usage"?, "finish"}}; a stream is frames {@code {"type": "start" | "text" | "reasoning" | "tool_call_start" |
 * "tool_call_delta" | "tool_call_end" | "usage" | "finish" | "error", ...}}, as SSE {@code data:} events ended by
 * {@code [DONE]}, or as NDJSON lines; an error is {@code {"error": {"type", "code", "message"}}}.
 */
final class ReferenceContractTarget extends HttpContractTarget {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String RESPONSE_ID = "ref-resp-1";

  private final StreamFraming framing;

  /**
   * Creates a target.
   *
   * @param name the name shown in test names
   * @param framing how streams are framed
   * @param client the HTTP client every model uses
   * @param scheduler the scheduler every model uses for deadlines
   */
  ReferenceContractTarget(String name, StreamFraming framing, HttpClient client, ScheduledExecutorService scheduler) {
    super(name, ReferenceTranslator.PROVIDER, framing == StreamFraming.SSE ? Framing.SSE : Framing.NDJSON, "/chat",
        client, scheduler);
    this.framing = framing;
  }

  /** A target like {@code base} whose models are also built with these options; it shares base's stub server. */
  private ReferenceContractTarget(ReferenceContractTarget base, LlmOption... extra) {
    super(base, extra);
    this.framing = base.framing;
  }

  @Override
  public ContractTarget withOptions(LlmOption... extra) {
    return new ReferenceContractTarget(this, extra);
  }

  /** Built as a provider factory builds its model: the bare engine model, in the default stack of the options. */
  @Override
  protected ChatModel model(URI baseUri, LlmOption... options) {
    ReferenceTranslator translator = framing == StreamFraming.SSE
        ? ReferenceTranslator.sse(baseUri) : ReferenceTranslator.ndjson(baseUri);
    HttpModelSettings settings =
        HttpModelSettings.of(EngineTestSupport.MODEL, ChatOptions.none(), EngineTestSupport.MODEL_TIMEOUT);
    ModelAssembly assembly = ModelAssembly.of(options);
    return assembly.assemble(HttpProviders.chatModel(translator, settings, assembly.context()));
  }

  /** Every code the reference classifier maps; those it also maps inside a 200 stream are marked mid-stream. */
  @Override
  protected List<WireError> errorTable() {
    return List.of(
        WireError.of(ErrorCode.INVALID_INPUT, 400, "invalid_request_error", null),
        WireError.of(ErrorCode.AUTHENTICATION, 401, "authentication_error", null),
        WireError.of(ErrorCode.PERMISSION_DENIED, 403, "permission_error", null),
        WireError.of(ErrorCode.NOT_FOUND, 404, "not_found_error", null),
        WireError.of(ErrorCode.CONTEXT_LENGTH_EXCEEDED, 400, "invalid_request_error", "context_length_exceeded")
            .alsoMidStream(),
        WireError.of(ErrorCode.CONTENT_FILTERED, 400, "invalid_request_error", "content_filter").alsoMidStream(),
        WireError.of(ErrorCode.REQUEST_TOO_LARGE, 413, "request_too_large", null),
        WireError.of(ErrorCode.RATE_LIMIT, 429, "rate_limit_error", null).alsoMidStream(),
        WireError.of(ErrorCode.QUOTA_EXCEEDED, 429, "billing_error", "insufficient_quota"),
        WireError.of(ErrorCode.OVERLOADED, 529, "overloaded_error", "overloaded").alsoMidStream(),
        // "server_error" is a code the classifier does not know: at HTTP 500 the status decides, inside a 200
        // stream an unknown error is a SERVER_ERROR.
        WireError.of(ErrorCode.SERVER_ERROR, 500, "api_error", "server_error").alsoMidStream(),
        WireError.of(ErrorCode.TIMEOUT, 504, "timeout_error", null),
        WireError.of(ErrorCode.UNSUPPORTED, 400, "invalid_request_error", "unsupported_feature"));
  }

  @Override
  protected String answerBody(Answer answer) {
    ObjectNode body = JSON.createObjectNode().put("id", RESPONSE_ID).put("model", EngineTestSupport.MODEL)
        .put("text", answer.text());
    if (!answer.reasoning().isEmpty()) {
      body.put("reasoning", answer.reasoning());
    }
    if (!answer.toolCalls().isEmpty()) {
      ArrayNode array = body.putArray("tool_calls");
      for (ToolCall call : answer.toolCalls()) {
        array.addObject().put("id", call.id()).put("name", call.name()).put("arguments", call.arguments());
      }
    }
    if (!answer.usage().isEmpty()) {
      body.set("usage", usage(answer.usage()));
    }
    return body.put("finish", finish(answer.finish())).toString();
  }

  @Override
  protected List<String> startFrames(Usage usage) {
    return List.of(frame("start").put("id", RESPONSE_ID).put("model", EngineTestSupport.MODEL).toString());
  }

  @Override
  protected String textDelta(int block, String part) {
    return frame("text").put("text", part).toString();
  }

  @Override
  protected String reasoningDelta(int block, String part) {
    return frame("reasoning").put("text", part).toString();
  }

  @Override
  protected List<String> openToolCall(int index, ToolCall call) {
    return List.of(frame("tool_call_start").put("index", index).put("id", call.id()).put("name", call.name())
        .toString());
  }

  @Override
  protected String toolCallDelta(int index, String fragment) {
    return frame("tool_call_delta").put("index", index).put("arguments", fragment).toString();
  }

  @Override
  protected List<String> closeToolCall(int index) {
    return List.of(frame("tool_call_end").put("index", index).toString());
  }

  /** Usage (if any), the finish, and over SSE the {@code [DONE]} marker; an NDJSON stream just ends. */
  @Override
  protected List<String> finishFrames(FinishReason reason, Usage usage) {
    List<String> frames = new ArrayList<>();
    if (!usage.isEmpty()) {
      ObjectNode frame = frame("usage");
      frame.setAll(usage(usage));
      frames.add(frame.toString());
    }
    frames.add(frame("finish").put("reason", finish(reason)).toString());
    if (framing == StreamFraming.SSE) {
      frames.add("[DONE]");
    }
    return frames;
  }

  @Override
  protected String errorBody(WireError error) {
    return JSON.createObjectNode().set("error", errorDetail(error)).toString();
  }

  @Override
  protected String errorFrame(WireError error) {
    ObjectNode frame = frame("error");
    frame.set("error", errorDetail(error));
    return frame.toString();
  }

  @Override
  protected String healthPath() {
    return "/models";
  }

  @Override
  protected String healthyBody() {
    return JSON.createObjectNode().set("data", JSON.createArrayNode().add(JSON.createObjectNode()
        .put("id", EngineTestSupport.MODEL))).toString();
  }

  @Override
  public List<String> lastRequestToolNames() {
    List<String> names = new ArrayList<>();
    for (JsonNode tool : JSON.readTree(lastRequestBody()).path("tools")) {
      names.add(tool.path("name").asString());
    }
    return names;
  }

  @Override
  public Optional<String> lastRequestResponseSchema() {
    JsonNode format = JSON.readTree(lastRequestBody()).path("response_format");
    return "json_schema".equals(format.path("type").asString(null)) && format.path("schema").isObject()
        ? Optional.of(format.path("schema").toString()) : Optional.empty();
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The reference wire format

  private static ObjectNode frame(String type) {
    return JSON.createObjectNode().put("type", type);
  }

  private static ObjectNode usage(Usage usage) {
    return JSON.createObjectNode().put("input", usage.inputTokens().orElse(0))
        .put("output", usage.outputTokens().orElse(0));
  }

  /** The raw reasons, {@code stop}, {@code length} and {@code tool_calls}: the names in lower case. */
  private static String finish(FinishReason reason) {
    return reason.name().toLowerCase(Locale.ROOT);
  }


  /** The error object of a row, as an error body and an error frame carry it. */
  private static ObjectNode errorDetail(WireError error) {
    ObjectNode detail = JSON.createObjectNode();
    if (error.type() != null) {
      detail.put("type", error.type());
    }
    if (error.providerCode() != null) {
      detail.put("code", error.providerCode());
    }
    return detail.put("message", error.message());
  }
}
