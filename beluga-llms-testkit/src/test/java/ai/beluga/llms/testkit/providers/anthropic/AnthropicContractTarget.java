package ai.beluga.llms.testkit.providers.anthropic;

import ai.beluga.llms.providers.anthropic.Anthropic;
import ai.beluga.llms.ChatModel;
import ai.beluga.llms.assembly.LlmOption;
import ai.beluga.llms.assembly.Llms;
import ai.beluga.llms.config.Secret;
import ai.beluga.llms.errors.ErrorCode;
import ai.beluga.llms.providers.anthropic.AnthropicConfig;
import ai.beluga.llms.testkit.ContractTarget;
import ai.beluga.llms.testkit.RecordedRequest;
import ai.beluga.llms.testkit.StubBackend;
import ai.beluga.llms.testkit.StubResponse;
import ai.beluga.llms.testkit.StubServer;
import ai.beluga.schema.ToolCall;
import ai.beluga.schema.Usage;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The contract target of the {@code anthropic} provider: each scenario starts a fresh {@link StubServer} that speaks
 * the exact Messages API wire format (message bodies, {@code event:}/{@code data:} SSE streams with
 * {@code message_start}, {@code content_block_*}, {@code ping}, {@code message_delta} and {@code message_stop}, error
 * bodies with {@code request-id} and {@code retry-after}, and {@code error} events after HTTP 200), and builds the model
 * through {@code Llms.anthropic} with retries off. Streams are cut into network chunks of a few bytes.
 */
final class AnthropicContractTarget implements ContractTarget, AutoCloseable {
  static final String MODEL = "claude-test-1";
  static final String API_KEY = "sk-ant-test-key";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String CHAT_PATH = "/v1/messages";
  private static final String HEALTH_PATH = "/v1/models";
  private static final String RESPONSE_TOOL = "beluga_json_response";
  private static final String MESSAGE_ID = "msg_01TestContract";
  private static final int DELTA_CODE_POINTS = 8;
  private static final int NETWORK_CHUNK_BYTES = 13;
  private static final Duration ENDLESS_PACE = Duration.ofMillis(5);
  private static final int ENDLESS_DELTAS = 12_000;
  private static final Duration STALL = Duration.ofSeconds(60);
  private static final String NOT_JSON = "{this is not json";
  private static final Duration MODEL_TIMEOUT = Duration.ofSeconds(30);
  private static final Map<ErrorCode, WireError> ERRORS = wireErrors();

  private final HttpClient client;
  private final ScheduledExecutorService scheduler;
  private final StubResponse endless;
  private final LlmOption[] options;
  // Shared with the targets withOptions derives, so that closing this target closes their servers too.
  private final StubBackend backend;

  AnthropicContractTarget(HttpClient client, ScheduledExecutorService scheduler, LlmOption... options) {
    this(client, scheduler, new StubBackend("POST", CHAT_PATH), options);
  }

  private AnthropicContractTarget(HttpClient client, ScheduledExecutorService scheduler,
      StubBackend backend, LlmOption... options) {
    this.backend = backend;
    this.client = Objects.requireNonNull(client, "client");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.endless = buildEndless();
    this.options = options.clone();
  }

  @Override
  public ContractTarget withOptions(LlmOption... extra) {
    return new AnthropicContractTarget(client, scheduler, backend, StubBackend.concat(options, extra));
  }

  @Override
  public Optional<String> lastRequestHeader(String headerName) {
    return backend.lastRequestHeader(headerName);
  }

  @Override
  public boolean sendsHttp() {
    return true;
  }

  @Override
  public String provider() {
    return "anthropic";
  }

  @Override
  public Set<Capability> capabilities() {
    return EnumSet.allOf(Capability.class);
  }

  @Override
  public Set<ErrorCode> errorCodes() {
    return EnumSet.copyOf(ERRORS.keySet());
  }

  @Override
  public Set<ErrorCode> midStreamErrorCodes() {
    Set<ErrorCode> codes = EnumSet.noneOf(ErrorCode.class);
    ERRORS.forEach((code, error) -> {
      if (error.inStream()) {
        codes.add(code);
      }
    });
    return codes;
  }

  @Override
  public ChatModel scriptText(String text, Usage usage) {
    return answer(json(message(List.of(textBlock(text)), "end_turn", usage)));
  }

  @Override
  public ChatModel scriptStream(String text, Usage usage) {
    List<String> events = new ArrayList<>();
    events.add(messageStart(usage));
    events.add(ping());
    events.addAll(textBlockEvents(0, text));
    events.add(messageDelta("end_turn", usage));
    events.add(messageStop());
    return answer(chunked(events));
  }

  @Override
  public ChatModel scriptTruncated(String text) {
    return answer(json(message(List.of(textBlock(text)), "max_tokens", Usage.empty())));
  }

  @Override
  public ChatModel scriptStreamTruncated(String text) {
    List<String> events = new ArrayList<>();
    events.add(messageStart(Usage.empty()));
    events.addAll(textBlockEvents(0, text));
    events.add(messageDelta("max_tokens", Usage.empty()));
    events.add(messageStop());
    return answer(chunked(events));
  }

  @Override
  public ChatModel scriptToolCalls(List<ToolCall> calls) {
    List<JsonNode> blocks = new ArrayList<>();
    for (ToolCall call : calls) {
      blocks.add(toolUseBlock(call.id(), call.name(), call.argumentsJson()));
    }
    return answer(json(message(blocks, "tool_use", Usage.empty())));
  }

  @Override
  public ChatModel scriptStreamedToolCalls(List<ToolCall> calls) {
    List<String> events = new ArrayList<>();
    events.add(messageStart(Usage.empty()));
    for (int index = 0; index < calls.size(); index++) {
      ToolCall call = calls.get(index);
      events.add(blockStart(index, toolUseBlock(call.id(), call.name(), JSON.createObjectNode())));
      events.add(blockDelta(index, JSON.createObjectNode().put("type", "input_json_delta").put("partial_json", "")));
      for (String fragment : split(call.arguments())) {
        events.add(blockDelta(index, JSON.createObjectNode().put("type", "input_json_delta")
            .put("partial_json", fragment)));
      }
      events.add(blockStop(index));
    }
    events.add(messageDelta("tool_use", Usage.empty()));
    events.add(messageStop());
    return answer(chunked(events));
  }

  @Override
  public ChatModel scriptStructured(String json) {
    return answer(json(message(List.of(toolUseBlock("toolu_structured", RESPONSE_TOOL, JSON.readTree(json))),
        "tool_use", Usage.empty())));
  }

  @Override
  public ChatModel scriptReasoning(String reasoning, String text) {
    ObjectNode thinking = JSON.createObjectNode().put("type", "thinking").put("thinking", reasoning)
        .put("signature", "sig-contract");
    return answer(json(message(List.of(thinking, textBlock(text)), "end_turn", Usage.empty())));
  }

  @Override
  public ChatModel scriptStreamedReasoning(String reasoning, String text) {
    List<String> events = new ArrayList<>();
    events.add(messageStart(Usage.empty()));
    events.add(blockStart(0, JSON.createObjectNode().put("type", "thinking").put("thinking", "")));
    for (String part : split(reasoning)) {
      events.add(blockDelta(0, JSON.createObjectNode().put("type", "thinking_delta").put("thinking", part)));
    }
    events.add(blockDelta(0, JSON.createObjectNode().put("type", "signature_delta").put("signature", "sig-contract")));
    events.add(blockStop(0));
    events.addAll(textBlockEvents(1, text));
    events.add(messageDelta("end_turn", Usage.empty()));
    events.add(messageStop());
    return answer(chunked(events));
  }

  @Override
  public ChatModel scriptError(ErrorCode code) {
    switch (code) {
      case NETWORK:
        return answer(StubResponse.sse().event(messageStart(Usage.empty())).disconnectAfter(0));
      case INVALID_RESPONSE:
        return answer(StubResponse.sse().event("event: message_start\ndata: " + NOT_JSON + "\n\n"));
      default:
        return answer(errorResponse(code));
    }
  }

  @Override
  public OptionalInt scriptedHttpStatus(ErrorCode code) {
    WireError error = ERRORS.get(code);
    return error == null || error.status() == 0 ? OptionalInt.empty() : OptionalInt.of(error.status());
  }

  @Override
  public ChatModel scriptStreamFailingMidway(String textBefore, ErrorCode code) {
    List<String> events = new ArrayList<>();
    events.add(messageStart(Usage.empty()));
    events.add(blockStart(0, textBlock("")));
    for (String part : split(textBefore)) {
      events.add(blockDelta(0, JSON.createObjectNode().put("type", "text_delta").put("text", part)));
    }
    if (code == ErrorCode.NETWORK) {
      return answer(chunked(events).disconnect());
    }
    if (code == ErrorCode.INVALID_RESPONSE) {
      events.add("event: content_block_delta\ndata: " + NOT_JSON + "\n\n");
    } else {
      events.add(event("error", errorBody(code)));
    }
    return answer(chunked(events));
  }

  @Override
  public ChatModel scriptSlow(Duration delay) {
    return answer(json(message(List.of(textBlock("too late")), "end_turn", Usage.empty())).delay(delay));
  }

  @Override
  public ChatModel scriptEndlessStream() {
    return answer(endless);
  }

  @Override
  public ChatModel scriptStalledStream() {
    return answer(StubResponse.sse().event(messageStart(Usage.empty())).holdOpen(STALL));
  }

  @Override
  public boolean awaitCancelled(Duration timeout) {
    return backend.awaitCancelled(timeout);
  }

  @Override
  public ChatModel scriptHealthy() {
    StubServer next = backend.nextServer();
    ObjectNode body = JSON.createObjectNode();
    body.putArray("data").addObject().put("type", "model").put("id", MODEL).put("display_name", "Claude Test");
    body.put("has_more", true).put("first_id", MODEL).put("last_id", MODEL);
    next.route("GET", HEALTH_PATH, StubResponse.json(200, body.toString()));
    return modelFor(next);
  }

  @Override
  public ChatModel scriptUnhealthy(ErrorCode code) {
    StubServer next = backend.nextServer();
    next.route("GET", HEALTH_PATH, errorResponse(code));
    return modelFor(next);
  }

  @Override
  public ChatModel scriptHealthRateLimited() {
    StubServer next = backend.nextServer();
    next.route("GET", HEALTH_PATH, errorResponse(ErrorCode.RATE_LIMIT));
    return modelFor(next);
  }

  @Override
  public int requestCount() {
    return backend.requestCount();
  }

  @Override
  public List<String> lastRequestToolNames() {
    List<String> names = new ArrayList<>();
    for (JsonNode tool : lastRequestBody().path("tools")) {
      if (!RESPONSE_TOOL.equals(tool.path("name").asString())) {
        names.add(tool.path("name").asString());
      }
    }
    return names;
  }

  /** {@return the input schema of the forced structured-output tool, which is how Anthropic is asked for a format} */
  @Override
  public Optional<String> lastRequestResponseSchema() {
    for (JsonNode tool : lastRequestBody().path("tools")) {
      if (RESPONSE_TOOL.equals(tool.path("name").asString())) {
        return Optional.of(tool.path("input_schema").toString());
      }
    }
    return Optional.empty();
  }

  /** {@return the last chat request the current server received, if any} */
  Optional<RecordedRequest> lastRequest() {
    return backend.lastChatRequest();
  }

  @Override
  public void close() {
    backend.close();
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Servers and models

  private ChatModel answer(StubResponse response) {
    StubServer next = backend.nextServer();
    next.enqueue(response);
    return modelFor(next);
  }

  private ChatModel modelFor(StubServer target) {
    AnthropicConfig config = AnthropicConfig.builder()
        .apiKey(Secret.of(API_KEY))
        .model(MODEL)
        .baseUrl(target.uri())
        .timeout(MODEL_TIMEOUT)
        .maxRetries(0)
        .build();
    // The contract scripts one answer per call, so the default retries would replay it; they are off here.
    // Options given to withOptions come after these and win.
    return Anthropic.chatModel(config, StubBackend.concat(
        new LlmOption[] {LlmOption.httpClient(client), LlmOption.scheduler(scheduler)},
        StubBackend.retriesOffThen(options)));
  }

  private JsonNode lastRequestBody() {
    return lastRequest().map(request -> JSON.readTree(request.body())).orElseGet(JSON::createObjectNode);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The Messages API wire format

  private static StubResponse json(String body) {
    return StubResponse.json(200, body).header("request-id", "req_contract_ok");
  }

  private static String message(List<JsonNode> blocks, String stopReason, Usage usage) {
    ObjectNode body = JSON.createObjectNode().put("id", MESSAGE_ID).put("type", "message").put("role", "assistant")
        .put("model", MODEL);
    ArrayNode content = body.putArray("content");
    blocks.forEach(content::add);
    body.put("stop_reason", stopReason).putNull("stop_sequence");
    body.set("usage", usageNode(usage, false));
    return body.toString();
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

  private static String event(String type, JsonNode data) {
    return "event: " + type + "\ndata: " + data + "\n\n";
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

  private static List<String> textBlockEvents(int index, String text) {
    List<String> events = new ArrayList<>();
    events.add(blockStart(index, textBlock("")));
    for (String part : split(text)) {
      events.add(blockDelta(index, JSON.createObjectNode().put("type", "text_delta").put("text", part)));
    }
    events.add(blockStop(index));
    return events;
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

  private static List<String> split(String whole) {
    List<String> parts = new ArrayList<>();
    int start = 0;
    while (start < whole.length()) {
      int end = whole.offsetByCodePoints(start, Math.min(DELTA_CODE_POINTS, whole.codePointCount(start,
          whole.length())));
      parts.add(whole.substring(start, end));
      start = end;
    }
    return parts;
  }

  /** A stream of these events, sent in small chunks that cut frames and UTF-8 sequences. */
  private static StubResponse chunked(List<String> events) {
    byte[] wire = String.join("", events).getBytes(StandardCharsets.UTF_8);
    StubResponse response = StubResponse.sse();
    for (int offset = 0; offset < wire.length; offset += NETWORK_CHUNK_BYTES) {
      response = response.chunk(Arrays.copyOfRange(wire, offset, Math.min(wire.length, offset + NETWORK_CHUNK_BYTES)),
          Duration.ZERO);
    }
    return response;
  }

  private StubResponse buildEndless() {
    StubResponse response = StubResponse.sse().event(messageStart(Usage.empty()))
        .event(blockStart(0, textBlock("")));
    String delta = blockDelta(0, JSON.createObjectNode().put("type", "text_delta").put("text", "endless "));
    for (int i = 0; i < ENDLESS_DELTAS; i++) {
      response = response.event(delta, ENDLESS_PACE);
    }
    return response;
  }

  private static StubResponse errorResponse(ErrorCode code) {
    WireError error = ERRORS.get(code);
    if (error == null || error.status() == 0) {
      throw new IllegalArgumentException("the anthropic wire has no HTTP error for " + code);
    }
    StubResponse response = StubResponse.json(error.status(), errorBody(code).toString())
        .header("request-id", "req_" + code.errorType());
    if (code == ErrorCode.RATE_LIMIT) {
      response = response.header("retry-after", Long.toString(SCRIPTED_RETRY_AFTER.toSeconds()));
    }
    return response;
  }

  /** An error body, which an {@code error} event carries unchanged as its data. */
  static ObjectNode errorBody(ErrorCode code) {
    WireError error = ERRORS.get(code);
    ObjectNode body = JSON.createObjectNode().put("type", "error");
    body.putObject("error").put("type", error.type()).put("message", error.message());
    return body.put("request_id", "req_" + code.errorType());
  }

  private static Map<ErrorCode, WireError> wireErrors() {
    Map<ErrorCode, WireError> errors = new EnumMap<>(ErrorCode.class);
    errors.put(ErrorCode.INVALID_INPUT, new WireError(400, "invalid_request_error",
        "messages: roles must alternate between \"user\" and \"assistant\"", false));
    errors.put(ErrorCode.AUTHENTICATION, new WireError(401, "authentication_error", "invalid x-api-key", false));
    errors.put(ErrorCode.QUOTA_EXCEEDED, new WireError(402, "billing_error",
        "Your credit balance is too low to access the Anthropic API.", false));
    errors.put(ErrorCode.PERMISSION_DENIED, new WireError(403, "permission_error",
        "Your API key does not have permission to use the specified resource.", false));
    errors.put(ErrorCode.NOT_FOUND, new WireError(404, "not_found_error", "model: claude-test-1", false));
    errors.put(ErrorCode.CONTEXT_LENGTH_EXCEEDED, new WireError(400, "invalid_request_error",
        "prompt is too long: 212345 tokens > 200000 maximum", false));
    errors.put(ErrorCode.REQUEST_TOO_LARGE, new WireError(413, "request_too_large",
        "Request exceeds the maximum allowed number of bytes.", false));
    errors.put(ErrorCode.RATE_LIMIT, new WireError(429, "rate_limit_error",
        "This request would exceed the rate limit for your organization.", true));
    errors.put(ErrorCode.SERVER_ERROR, new WireError(500, "api_error", "Internal server error", true));
    errors.put(ErrorCode.TIMEOUT, new WireError(504, "timeout_error", "Request timed out", false));
    errors.put(ErrorCode.OVERLOADED, new WireError(529, "overloaded_error", "Overloaded", true));
    errors.put(ErrorCode.NETWORK, new WireError(0, null, null, true));
    errors.put(ErrorCode.INVALID_RESPONSE, new WireError(0, null, null, true));
    return errors;
  }

  /**
   * How the Messages API sends one error code.
   *
   * @param status the HTTP status, or 0 when it is not an HTTP error status
   * @param type the error type
   * @param message the error message
   * @param inStream whether a 200 stream can fail part-way with it (as an {@code error} event)
   */
  private record WireError(int status, String type, String message, boolean inStream) {}
}
