package ai.beluga.llms.testkit.providers.openai;

import ai.beluga.llms.providers.openai.OpenAi;
import ai.beluga.llms.ChatModel;
import ai.beluga.llms.assembly.LlmOption;
import ai.beluga.llms.assembly.Llms;
import ai.beluga.llms.config.Secret;
import ai.beluga.llms.errors.ErrorCode;
import ai.beluga.llms.providers.openai.OpenAiConfig;
import ai.beluga.llms.providers.openai.OpenAiPreset;
import ai.beluga.llms.testkit.ContractTarget;
import ai.beluga.llms.testkit.RecordedRequest;
import ai.beluga.llms.testkit.StubBackend;
import ai.beluga.llms.testkit.StubResponse;
import ai.beluga.llms.testkit.StubServer;
import ai.beluga.schema.ToolCall;
import ai.beluga.schema.Usage;
import java.net.URI;
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
 * The contract target of the OpenAI provider: a {@link StubServer} speaking the exact Chat Completions wire format
 * ({@code POST /v1/chat/completions}, {@code chat.completion} bodies, {@code chat.completion.chunk} SSE frames with
 * tool-call deltas by index, a usage chunk after the finish chunk, {@code data: [DONE]}, OpenAI error bodies and
 * {@code x-request-id}), and models built the way users build them: {@code OpenAi.chatModel(config, options)}.
 *
 * <p>The same target runs a preset (built with {@code OpenAiConfig.builder(preset)}), so that a compatible server's
 * auth style and URL layout go through the whole suite too. Each {@code script...} call starts a fresh server, as
 * the reference target does. Reasoning is scripted as DeepSeek's {@code reasoning_content}.
 */
final class OpenAiContractTarget implements ContractTarget, AutoCloseable {
  static final String MODEL = "gpt-test";
  static final String API_KEY = "sk-test-key";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String RESPONSE_ID = "chatcmpl-contract-1";
  private static final int DELTA_CODE_POINTS = 8;
  private static final int NETWORK_CHUNK_BYTES = 13;
  private static final Duration ENDLESS_PACE = Duration.ofMillis(5);
  private static final int ENDLESS_DELTAS = 12_000;
  private static final Duration STALL = Duration.ofSeconds(60);
  private static final String NOT_JSON = "{this is not json";
  private static final Duration MODEL_TIMEOUT = Duration.ofSeconds(10);
  private static final Map<ErrorCode, WireError> ERRORS = wireErrors();

  private final String name;
  private final OpenAiPreset preset;
  private final HttpClient client;
  private final ScheduledExecutorService scheduler;
  private final StubResponse endless;
  private final LlmOption[] options;
  /**
   * The current scenario's server, shared with every target derived by {@link #withOptions(LlmOption...)}: a derived
   * target's scenario replaces (and closes) this one's, reads its hooks back from the same server, and is closed with
   * it.
   */
  private final StubBackend backend;

  OpenAiContractTarget(String name, OpenAiPreset preset, HttpClient client, ScheduledExecutorService scheduler) {
    this(name, preset, client, scheduler, buildEndless(), new LlmOption[0],
        new StubBackend("POST", chatPath(preset)));
  }

  private OpenAiContractTarget(String name, OpenAiPreset preset, HttpClient client,
      ScheduledExecutorService scheduler, StubResponse endless, LlmOption[] options,
      StubBackend backend) {
    this.name = Objects.requireNonNull(name, "name");
    this.preset = Objects.requireNonNull(preset, "preset");
    this.client = Objects.requireNonNull(client, "client");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.endless = endless;
    this.options = options.clone();
    this.backend = backend;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String provider() {
    return "openai";
  }

  /** {@return a target whose models are also built with these options, after the target's own, which they win over} */
  @Override
  public ContractTarget withOptions(LlmOption... extra) {
    return new OpenAiContractTarget(name, preset, client, scheduler, endless, StubBackend.concat(options, extra),
        backend);
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
  public Set<Capability> capabilities() {
    Set<Capability> capabilities = EnumSet.allOf(Capability.class);
    if (preset.unsupported().contains(OpenAiPreset.Feature.STREAM_OPTIONS)) {
      capabilities.remove(Capability.USAGE_IN_STREAMS);
    }
    return capabilities;
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
    return answer(StubResponse.json(200, answerBody(text, null, List.of(), usage, "stop")));
  }

  @Override
  public ChatModel scriptStream(String text, Usage usage) {
    List<String> frames = new ArrayList<>();
    frames.add(chunk(delta().put("role", "assistant").put("content", ""), null));
    frames.addAll(deltaFrames("content", text));
    frames.add(chunk(delta(), "stop"));
    frames.add(usageChunk(usage));
    return answer(chunked(framed(frames, true)));
  }

  @Override
  public ChatModel scriptTruncated(String text) {
    return answer(StubResponse.json(200, answerBody(text, null, List.of(), Usage.empty(), "length")));
  }

  @Override
  public ChatModel scriptStreamTruncated(String text) {
    List<String> frames = new ArrayList<>();
    frames.addAll(deltaFrames("content", text));
    frames.add(chunk(delta(), "length"));
    return answer(chunked(framed(frames, true)));
  }

  @Override
  public ChatModel scriptToolCalls(List<ToolCall> calls) {
    return answer(StubResponse.json(200, answerBody(null, null, calls, Usage.empty(), "tool_calls")));
  }

  @Override
  public ChatModel scriptStreamedToolCalls(List<ToolCall> calls) {
    List<String> frames = new ArrayList<>();
    frames.add(chunk(delta().put("role", "assistant").putNull("content"), null));
    for (int index = 0; index < calls.size(); index++) {
      ToolCall call = calls.get(index);
      ObjectNode first = delta();
      first.putArray("tool_calls").addObject().put("index", index).put("id", call.id()).put("type", "function")
          .putObject("function").put("name", call.name()).put("arguments", "");
      frames.add(chunk(first, null));
      for (String fragment : split(call.arguments())) {
        ObjectNode next = delta();
        next.putArray("tool_calls").addObject().put("index", index).putObject("function")
            .put("arguments", fragment);
        frames.add(chunk(next, null));
      }
    }
    frames.add(chunk(delta(), "tool_calls"));
    return answer(chunked(framed(frames, true)));
  }

  @Override
  public ChatModel scriptStructured(String json) {
    return answer(StubResponse.json(200, answerBody(json, null, List.of(), Usage.empty(), "stop")));
  }

  @Override
  public ChatModel scriptReasoning(String reasoning, String text) {
    return answer(StubResponse.json(200, answerBody(text, reasoning, List.of(), Usage.empty(), "stop")));
  }

  @Override
  public ChatModel scriptStreamedReasoning(String reasoning, String text) {
    List<String> frames = new ArrayList<>();
    frames.addAll(deltaFrames("reasoning_content", reasoning));
    frames.addAll(deltaFrames("content", text));
    frames.add(chunk(delta(), "stop"));
    return answer(chunked(framed(frames, true)));
  }

  /**
   * Scripts the wire error of a code: an OpenAI error body with its status (and {@code Retry-After} for
   * {@code RATE_LIMIT}); {@code NETWORK} is a connection cut right after the status line and headers;
   * {@code INVALID_RESPONSE} is a 200 answer that is not JSON.
   */
  @Override
  public ChatModel scriptError(ErrorCode code) {
    switch (code) {
      case NETWORK:
        return answer(StubResponse.sse().data(chunk(delta().put("role", "assistant"), null)).disconnectAfter(0));
      case INVALID_RESPONSE:
        return answer(StubResponse.sse().data(NOT_JSON));
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
    List<String> frames = new ArrayList<>(deltaFrames("content", textBefore));
    if (code == ErrorCode.NETWORK) {
      return answer(chunked(framed(frames, false)).disconnect());
    }
    if (code == ErrorCode.INVALID_RESPONSE) {
      frames.add(NOT_JSON);
    } else {
      // What OpenAI sends when a stream fails after HTTP 200: a frame holding only an error object.
      ObjectNode frame = JSON.createObjectNode();
      frame.set("error", errorDetail(code));
      frames.add(frame.toString());
    }
    return answer(chunked(framed(frames, false)));
  }

  @Override
  public ChatModel scriptSlow(Duration delay) {
    return answer(StubResponse.json(200, answerBody("too late", null, List.of(), Usage.empty(), "stop"))
        .delay(delay));
  }

  @Override
  public ChatModel scriptEndlessStream() {
    return answer(endless);
  }

  @Override
  public ChatModel scriptStalledStream() {
    return answer(StubResponse.sse().data(chunk(delta().put("role", "assistant"), null)).holdOpen(STALL));
  }

  @Override
  public boolean awaitCancelled(Duration timeout) {
    return backend.awaitCancelled(timeout);
  }

  @Override
  public ChatModel scriptHealthy() {
    StubServer next = backend.nextServer();
    ObjectNode models = JSON.createObjectNode().put("object", "list");
    models.putArray("data").addObject().put("id", MODEL).put("object", "model").put("owned_by", "openai");
    next.route("GET", modelsPath(), StubResponse.json(200, models.toString()));
    return modelFor(next);
  }

  @Override
  public ChatModel scriptUnhealthy(ErrorCode code) {
    StubServer next = backend.nextServer();
    next.route("GET", modelsPath(), errorResponse(code));
    return modelFor(next);
  }

  @Override
  public ChatModel scriptHealthRateLimited() {
    StubServer next = backend.nextServer();
    next.route("GET", modelsPath(), errorResponse(ErrorCode.RATE_LIMIT));
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
      names.add(tool.path("function").path("name").asString());
    }
    return names;
  }

  @Override
  public Optional<String> lastRequestResponseSchema() {
    JsonNode format = lastRequestBody().path("response_format");
    return "json_schema".equals(format.path("type").asString(null))
        && format.path("json_schema").path("schema").isObject()
        ? Optional.of(format.path("json_schema").path("schema").toString()) : Optional.empty();
  }

  /** {@return the last chat request the server of the last scenario received} */
  Optional<RecordedRequest> lastChatRequest() {
    return backend.lastChatRequest();
  }

  @Override
  public void close() {
    backend.close();
  }

  @Override
  public String toString() {
    return name;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Servers and models

  private ChatModel answer(StubResponse response) {
    StubServer next = backend.nextServer();
    next.enqueue(response);
    return modelFor(next);
  }

  private ChatModel modelFor(StubServer target) {
    OpenAiConfig.Builder config = OpenAiConfig.builder(preset).apiKey(Secret.of(API_KEY)).model(MODEL)
        .timeout(MODEL_TIMEOUT);
    if (preset == OpenAiPreset.AZURE_OPENAI) {
      config.baseUrl(URI.create(target.uri() + "/openai")).deployment("dep-1");
    } else {
      config.baseUrl(URI.create(target.uri() + "/v1"));
    }
    // The contract scripts one answer per call, so the default retries would replay it; they are off here, unless
    // the options given to withOptions (which come after and win) switch them back on.
    return OpenAi.chatModel(config.build(), StubBackend.concat(
        new LlmOption[] {LlmOption.httpClient(client), LlmOption.scheduler(scheduler)},
        StubBackend.retriesOffThen(options)));
  }

  private static String chatPath(OpenAiPreset preset) {
    return preset == OpenAiPreset.AZURE_OPENAI ? "/openai/deployments/dep-1/chat/completions" : "/v1/chat/completions";
  }

  private String modelsPath() {
    return preset == OpenAiPreset.AZURE_OPENAI ? "/openai/models" : "/v1/models";
  }

  private JsonNode lastRequestBody() {
    return lastChatRequest().map(request -> JSON.readTree(request.body())).orElseGet(JSON::createObjectNode);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The Chat Completions wire format

  private static String answerBody(String text, String reasoning, List<ToolCall> calls, Usage usage, String finish) {
    ObjectNode body = JSON.createObjectNode().put("id", RESPONSE_ID).put("object", "chat.completion")
        .put("created", 1_700_000_000L).put("model", MODEL);
    ObjectNode choice = body.putArray("choices").addObject().put("index", 0);
    ObjectNode message = choice.putObject("message").put("role", "assistant");
    if (text == null) {
      message.putNull("content");
    } else {
      message.put("content", text);
    }
    if (reasoning != null) {
      message.put("reasoning_content", reasoning);
    }
    message.putNull("refusal");
    if (!calls.isEmpty()) {
      ArrayNode array = message.putArray("tool_calls");
      for (ToolCall call : calls) {
        array.addObject().put("id", call.id()).put("type", "function").putObject("function")
            .put("name", call.name()).put("arguments", call.arguments());
      }
    }
    choice.putNull("logprobs").put("finish_reason", finish);
    if (!usage.isEmpty()) {
      body.set("usage", usageNode(usage));
    }
    return body.put("system_fingerprint", "fp_contract").toString();
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

  private static List<String> deltaFrames(String field, String whole) {
    List<String> frames = new ArrayList<>();
    for (String part : split(whole)) {
      frames.add(chunk(delta().put(field, part), null));
    }
    return frames;
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

  private static byte[] framed(List<String> frames, boolean complete) {
    StringBuilder wire = new StringBuilder();
    for (String frame : frames) {
      wire.append("data: ").append(frame).append("\n\n");
    }
    if (complete) {
      wire.append("data: [DONE]\n\n");
    }
    return wire.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static StubResponse chunked(byte[] wire) {
    StubResponse response = StubResponse.sse().header("x-request-id", "req_stream");
    for (int offset = 0; offset < wire.length; offset += NETWORK_CHUNK_BYTES) {
      response = response.chunk(Arrays.copyOfRange(wire, offset, Math.min(wire.length, offset + NETWORK_CHUNK_BYTES)),
          Duration.ZERO);
    }
    return response;
  }

  private static StubResponse buildEndless() {
    StubResponse response = StubResponse.sse().data(chunk(delta().put("role", "assistant"), null));
    String frame = chunk(delta().put("content", "endless "), null);
    for (int i = 0; i < ENDLESS_DELTAS; i++) {
      response = response.data(frame, ENDLESS_PACE);
    }
    return response;
  }

  private static StubResponse errorResponse(ErrorCode code) {
    WireError error = ERRORS.get(code);
    if (error == null || error.status() == 0) {
      throw new IllegalArgumentException("the OpenAI wire has no HTTP error for " + code);
    }
    ObjectNode body = JSON.createObjectNode();
    body.set("error", errorDetail(code));
    StubResponse response = StubResponse.json(error.status(), body.toString())
        .header("x-request-id", "req_" + code.errorType());
    if (code == ErrorCode.RATE_LIMIT) {
      response = response.header("Retry-After", Long.toString(SCRIPTED_RETRY_AFTER.toSeconds()))
          .header("x-ratelimit-remaining-requests", "0");
    }
    return response;
  }

  private static ObjectNode errorDetail(ErrorCode code) {
    WireError error = ERRORS.get(code);
    ObjectNode detail = JSON.createObjectNode().put("message", "scripted " + code.errorType() + " failure");
    putOrNull(detail, "type", error.type());
    detail.putNull("param");
    putOrNull(detail, "code", error.code());
    return detail;
  }

  private static void putOrNull(ObjectNode node, String field, String value) {
    if (value == null) {
      node.putNull(field);
    } else {
      node.put(field, value);
    }
  }

  /** The errors as OpenAI sends them (types and codes from its API reference and recorded bodies). */
  private static Map<ErrorCode, WireError> wireErrors() {
    Map<ErrorCode, WireError> errors = new EnumMap<>(ErrorCode.class);
    errors.put(ErrorCode.INVALID_INPUT, new WireError(400, "invalid_request_error", null, false));
    errors.put(ErrorCode.AUTHENTICATION, new WireError(401, "invalid_request_error", "invalid_api_key", false));
    errors.put(ErrorCode.PERMISSION_DENIED,
        new WireError(403, "request_forbidden", "unsupported_country_region_territory", false));
    errors.put(ErrorCode.NOT_FOUND, new WireError(404, "invalid_request_error", "model_not_found", false));
    errors.put(ErrorCode.CONTEXT_LENGTH_EXCEEDED,
        new WireError(400, "invalid_request_error", "context_length_exceeded", true));
    errors.put(ErrorCode.CONTENT_FILTERED,
        new WireError(400, "invalid_request_error", "content_policy_violation", true));
    errors.put(ErrorCode.REQUEST_TOO_LARGE, new WireError(413, "invalid_request_error", null, false));
    errors.put(ErrorCode.RATE_LIMIT, new WireError(429, "requests", "rate_limit_exceeded", true));
    errors.put(ErrorCode.QUOTA_EXCEEDED, new WireError(429, "insufficient_quota", "insufficient_quota", false));
    errors.put(ErrorCode.OVERLOADED, new WireError(503, "server_error", null, false));
    errors.put(ErrorCode.SERVER_ERROR, new WireError(500, "server_error", null, true));
    errors.put(ErrorCode.TIMEOUT, new WireError(504, "timeout", null, false));
    errors.put(ErrorCode.NETWORK, new WireError(0, null, null, true));
    errors.put(ErrorCode.INVALID_RESPONSE, new WireError(0, null, null, true));
    return errors;
  }

  /**
   * How the Chat Completions wire sends one error code.
   *
   * @param status the HTTP status, or 0 when the error is not an HTTP error status
   * @param type the body's error type, or null
   * @param code the body's error code, or null
   * @param inStream whether a 200 stream can fail part-way with it
   */
  private record WireError(int status, String type, String code, boolean inStream) {}
}
