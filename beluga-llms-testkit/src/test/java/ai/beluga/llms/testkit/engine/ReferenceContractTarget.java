package ai.beluga.llms.testkit.engine;

import ai.beluga.llms.ChatModel;
import ai.beluga.llms.ChatOptions;
import ai.beluga.llms.assembly.LlmOption;
import ai.beluga.llms.assembly.Llms;
import ai.beluga.llms.errors.ErrorCode;
import ai.beluga.llms.spi.ChatTranslator.StreamFraming;
import ai.beluga.llms.spi.HttpModelSettings;
import ai.beluga.llms.spi.http.HttpProviders;
import ai.beluga.llms.spi.ProviderContext;
import ai.beluga.llms.testkit.ContractTarget;
import ai.beluga.llms.testkit.StubBackend;
import ai.beluga.llms.testkit.StubResponse;
import ai.beluga.llms.testkit.StubServer;
import ai.beluga.schema.ToolCall;
import ai.beluga.schema.Usage;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
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
 * The contract target of the {@link ReferenceTranslator}'s made-up wire format on the HTTP engine: the path every real
 * HTTP provider's target takes. Each {@code script...} call starts a fresh {@link StubServer} (and closes the one
 * before, which also ends any exchange still held open), scripts it with the exact wire answer, and returns a model
 * built the way a factory builds one: {@code HttpProviders.chatModel} wrapped by {@code Llms.wrap}.
 *
 * <p>A fresh server per scenario is what makes "each script replaces whatever was scripted before" true without a
 * reset: a response queued for a stream that was never read cannot leak into the next test, and the hooks count only
 * what this scenario's server saw. Every hook reads the server: {@link #requestCount()} counts the recorded
 * {@code POST /chat} requests, the tool names and response schema come from the last recorded request body, and
 * {@link #awaitCancelled(Duration)} waits for the server to see the last stream's client go away.
 *
 * <p>Streamed answers are cut into network chunks of a few bytes, so that chunk boundaries fall inside frames and
 * inside multi-byte UTF-8 sequences, as they can on a real connection.
 *
 * <p>Not thread-safe beyond what the suite needs: scripting happens on one thread; the hooks may be polled from
 * another.
 */
final class ReferenceContractTarget implements ContractTarget, AutoCloseable {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String CHAT_PATH = "/chat";
  private static final String HEALTH_PATH = "/models";
  private static final String RESPONSE_ID = "ref-resp-1";
  /** Code points per text, reasoning or argument delta: small, so that every scripted text spans several deltas. */
  private static final int DELTA_CODE_POINTS = 8;
  /** Bytes per network chunk of a streamed answer: odd, so that chunks end inside frames and UTF-8 sequences. */
  private static final int NETWORK_CHUNK_BYTES = 13;
  /** The pause between the deltas of an endless stream. */
  private static final Duration ENDLESS_PACE = Duration.ofMillis(5);
  /** 12,000 deltas 5 ms apart: a minute, far longer than any test (each of which has 20 seconds). */
  private static final int ENDLESS_DELTAS = 12_000;
  /** How long a stalled stream is held open, sending only keep-alives, if the client does not leave first. */
  private static final Duration STALL = Duration.ofSeconds(60);
  /** The frame of a stream that is not JSON, and the body of an answer that is not JSON. */
  private static final String NOT_JSON = "{this is not json";

  /** The wire error of each code: status, error type, error code, and whether it can come inside a 200 stream. */
  private static final Map<ErrorCode, WireError> ERRORS = wireErrors();

  private final String name;
  private final StreamFraming framing;
  private final HttpClient client;
  private final ScheduledExecutorService scheduler;
  /** Built once: twelve thousand pieces take a moment to assemble, and a response is immutable. */
  private final StubResponse endless;
  private final LlmOption[] options;
  /**
   * The current scenario's server, shared with every target derived by {@link #withOptions(LlmOption...)}, so that a
   * derived target's server is closed with this one and its hooks can be read from either.
   */
  private final StubBackend backend;

  /**
   * Creates a target.
   *
   * @param name the name shown in test names
   * @param framing how streams are framed
   * @param client the HTTP client every model uses
   * @param scheduler the scheduler every model uses for deadlines
   */
  ReferenceContractTarget(String name, StreamFraming framing, HttpClient client, ScheduledExecutorService scheduler) {
    this(name, framing, client, scheduler, new LlmOption[0]);
  }

  /**
   * Creates a target whose models are built with these options.
   *
   * @param name the name shown in test names
   * @param framing how streams are framed
   * @param client the HTTP client every model uses
   * @param scheduler the scheduler every model uses for deadlines
   * @param options passed to {@code Llms.wrap}
   */
  ReferenceContractTarget(String name, StreamFraming framing, HttpClient client, ScheduledExecutorService scheduler,
      LlmOption... options) {
    this(name, framing, client, scheduler, new StubBackend("POST", CHAT_PATH), options);
  }

  private ReferenceContractTarget(String name, StreamFraming framing, HttpClient client,
      ScheduledExecutorService scheduler, StubBackend backend, LlmOption... options) {
    this.backend = backend;
    this.options = options.clone();
    this.name = Objects.requireNonNull(name, "name");
    this.framing = Objects.requireNonNull(framing, "framing");
    this.client = Objects.requireNonNull(client, "client");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.endless = buildEndless();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public ContractTarget withOptions(LlmOption... extra) {
    return new ReferenceContractTarget(name, framing, client, scheduler, backend, StubBackend.concat(options, extra));
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
    return ReferenceTranslator.PROVIDER;
  }

  @Override
  public Set<Capability> capabilities() {
    return EnumSet.allOf(Capability.class);
  }

  /** {@return every code the reference wire maps: all but {@code INVALID_CONFIG} and {@code CANCELLED}} */
  @Override
  public Set<ErrorCode> errorCodes() {
    return EnumSet.copyOf(ERRORS.keySet());
  }

  /** {@return a cut connection, a frame that is not JSON, and the error frames the classifier maps at HTTP 200} */
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
    frames.add(startFrame());
    frames.addAll(deltaFrames("text", text));
    frames.add(usageFrame(usage));
    frames.add(finishFrame("stop"));
    return answer(chunked(framed(frames, true)));
  }

  @Override
  public ChatModel scriptTruncated(String text) {
    return answer(StubResponse.json(200, answerBody(text, null, List.of(), Usage.empty(), "length")));
  }

  @Override
  public ChatModel scriptStreamTruncated(String text) {
    List<String> frames = new ArrayList<>();
    frames.add(startFrame());
    frames.addAll(deltaFrames("text", text));
    frames.add(finishFrame("length"));
    return answer(chunked(framed(frames, true)));
  }

  @Override
  public ChatModel scriptToolCalls(List<ToolCall> calls) {
    return answer(StubResponse.json(200, answerBody("", null, calls, Usage.empty(), "tool_calls")));
  }

  @Override
  public ChatModel scriptStreamedToolCalls(List<ToolCall> calls) {
    List<String> frames = new ArrayList<>();
    frames.add(startFrame());
    for (int index = 0; index < calls.size(); index++) {
      ToolCall call = calls.get(index);
      frames.add(frame("tool_call_start").put("index", index).put("id", call.id()).put("name", call.name())
          .toString());
      for (String fragment : split(call.arguments())) {
        frames.add(frame("tool_call_delta").put("index", index).put("arguments", fragment).toString());
      }
      frames.add(frame("tool_call_end").put("index", index).toString());
    }
    frames.add(finishFrame("tool_calls"));
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
    frames.add(startFrame());
    frames.addAll(deltaFrames("reasoning", reasoning));
    frames.addAll(deltaFrames("text", text));
    frames.add(finishFrame("stop"));
    return answer(chunked(framed(frames, true)));
  }

  /**
   * Scripts the wire error of a code. An HTTP error status carries an error body (and {@code Retry-After} for
   * {@code RATE_LIMIT}); {@code NETWORK} is a connection cut right after a 200 status line and headers;
   * {@code INVALID_RESPONSE} is a 200 answer that is not JSON, framed so that a stream reads it as one frame.
   */
  @Override
  public ChatModel scriptError(ErrorCode code) {
    switch (code) {
      case NETWORK:
        return answer(streamOf(List.of(startFrame())).disconnectAfter(0));
      case INVALID_RESPONSE:
        return answer(streamOf(List.of(NOT_JSON)));
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
    List<String> frames = new ArrayList<>();
    frames.add(startFrame());
    frames.addAll(deltaFrames("text", textBefore));
    if (code == ErrorCode.NETWORK) {
      return answer(chunked(framed(frames, false)).disconnect());
    }
    if (code == ErrorCode.INVALID_RESPONSE) {
      frames.add(NOT_JSON);
    } else {
      ObjectNode frame = frame("error");
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
    // The start frame goes out at once; then only keep-alives (an SSE comment, a blank NDJSON line), which carry no
    // event, until the client leaves: each one is a write that fails once the connection is gone.
    return answer(streamOf(List.of(startFrame())).holdOpen(STALL));
  }

  /**
   * Waits for the server to see the client of the last chat or stream request go away: a write to its connection
   * failed. A stream the server finished or cut itself does not count.
   */
  @Override
  public boolean awaitCancelled(Duration timeout) {
    return backend.awaitCancelled(timeout);
  }

  @Override
  public ChatModel scriptHealthy() {
    StubServer next = backend.nextServer();
    next.route("GET", HEALTH_PATH, StubResponse.json(200,
        JSON.createObjectNode().set("data", JSON.createArrayNode().add(JSON.createObjectNode()
            .put("id", EngineTestSupport.MODEL))).toString()));
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
      names.add(tool.path("name").asString());
    }
    return names;
  }

  @Override
  public Optional<String> lastRequestResponseSchema() {
    JsonNode format = lastRequestBody().path("response_format");
    return "json_schema".equals(format.path("type").asString(null)) && format.path("schema").isObject()
        ? Optional.of(format.path("schema").toString()) : Optional.empty();
  }

  /** Closes the server of the last scenario. */
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
    // Queued, not routed: the scripted answer serves the next call only, and a second call would get the stub's 500.
    next.enqueue(response);
    return modelFor(next);
  }

  private ChatModel modelFor(StubServer target) {
    ReferenceTranslator translator = framing == StreamFraming.SSE
        ? ReferenceTranslator.sse(target.uri()) : ReferenceTranslator.ndjson(target.uri());
    HttpModelSettings settings =
        HttpModelSettings.of(EngineTestSupport.MODEL, ChatOptions.none(), EngineTestSupport.MODEL_TIMEOUT);
    // Built as a provider factory builds its model: the bare engine model, assembled by Llms.wrap.
    // Retries off: the suite scripts one reply per call, so a scripted retryable error must reach the test.
    return Llms.wrap(HttpProviders.chatModel(translator, settings,
        new ProviderContext(client, Clock.systemUTC(), scheduler)), StubBackend.retriesOffThen(options));
  }

  private JsonNode lastRequestBody() {
    return backend.lastChatRequest().map(request -> JSON.readTree(request.body())).orElseGet(JSON::createObjectNode);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The reference wire format

  private static String answerBody(String text, String reasoning, List<ToolCall> calls, Usage usage, String finish) {
    ObjectNode body = JSON.createObjectNode().put("id", RESPONSE_ID).put("model", EngineTestSupport.MODEL)
        .put("text", text);
    if (reasoning != null) {
      body.put("reasoning", reasoning);
    }
    if (!calls.isEmpty()) {
      ArrayNode array = body.putArray("tool_calls");
      for (ToolCall call : calls) {
        array.addObject().put("id", call.id()).put("name", call.name()).put("arguments", call.arguments());
      }
    }
    if (usage.inputTokens().isPresent() || usage.outputTokens().isPresent()) {
      body.putObject("usage").put("input", usage.inputTokens().orElse(0)).put("output", usage.outputTokens().orElse(0));
    }
    return body.put("finish", finish).toString();
  }

  private static ObjectNode frame(String type) {
    return JSON.createObjectNode().put("type", type);
  }

  private static String startFrame() {
    return frame("start").put("id", RESPONSE_ID).put("model", EngineTestSupport.MODEL).toString();
  }

  private static String usageFrame(Usage usage) {
    return frame("usage").put("input", usage.inputTokens().orElse(0)).put("output", usage.outputTokens().orElse(0))
        .toString();
  }

  private static String finishFrame(String reason) {
    return frame("finish").put("reason", reason).toString();
  }

  /** Frames of this type ({@code text} or {@code reasoning}) whose texts join to the whole. */
  private static List<String> deltaFrames(String type, String whole) {
    List<String> frames = new ArrayList<>();
    for (String part : split(whole)) {
      frames.add(frame(type).put("text", part).toString());
    }
    return frames;
  }

  /** Splits text into parts of a few code points; never inside a surrogate pair, since each part is a JSON string. */
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

  /** The stream's bytes: each frame as an SSE {@code data:} event or an NDJSON line, and SSE's end if complete. */
  private byte[] framed(List<String> frames, boolean complete) {
    StringBuilder wire = new StringBuilder();
    for (String frame : frames) {
      wire.append(framing == StreamFraming.SSE ? "data: " + frame + "\n\n" : frame + "\n");
    }
    if (complete && framing == StreamFraming.SSE) {
      wire.append("data: [DONE]\n\n");
    }
    return wire.toString().getBytes(StandardCharsets.UTF_8);
  }

  private StubResponse emptyStream() {
    return framing == StreamFraming.SSE ? StubResponse.sse() : StubResponse.ndjson();
  }

  /** A stream whose pieces are the given frames, one piece each, with no end. */
  private StubResponse streamOf(List<String> frames) {
    StubResponse response = emptyStream();
    for (String frame : frames) {
      response = framing == StreamFraming.SSE ? response.data(frame) : response.line(frame);
    }
    return response;
  }

  /** A stream of these bytes, sent in small chunks. */
  private StubResponse chunked(byte[] wire) {
    StubResponse response = emptyStream();
    for (int offset = 0; offset < wire.length; offset += NETWORK_CHUNK_BYTES) {
      response = response.chunk(Arrays.copyOfRange(wire, offset, Math.min(wire.length, offset + NETWORK_CHUNK_BYTES)),
          Duration.ZERO);
    }
    return response;
  }

  private StubResponse buildEndless() {
    StubResponse response = streamOf(List.of(startFrame()));
    String delta = frame("text").put("text", "endless ").toString();
    for (int i = 0; i < ENDLESS_DELTAS; i++) {
      response = framing == StreamFraming.SSE ? response.data(delta, ENDLESS_PACE)
          : response.line(delta, ENDLESS_PACE);
    }
    return response;
  }

  private static StubResponse errorResponse(ErrorCode code) {
    WireError error = ERRORS.get(code);
    if (error == null || error.status() == 0) {
      throw new IllegalArgumentException("the reference wire has no HTTP error for " + code);
    }
    StubResponse response = StubResponse.json(error.status(),
        JSON.createObjectNode().set("error", errorDetail(code)).toString())
        .header("x-request-id", "req-" + code.errorType());
    if (code == ErrorCode.RATE_LIMIT) {
      response = response.header("Retry-After", Long.toString(SCRIPTED_RETRY_AFTER.toSeconds()));
    }
    return response;
  }

  /** The error object of a code, as an error body and an error frame carry it. */
  private static ObjectNode errorDetail(ErrorCode code) {
    WireError error = ERRORS.get(code);
    ObjectNode detail = JSON.createObjectNode();
    putIfPresent(detail, "type", error.type());
    putIfPresent(detail, "code", error.code());
    return detail.put("message", "scripted " + code.errorType() + " failure");
  }

  private static void putIfPresent(ObjectNode node, String field, String value) {
    if (value != null) {
      node.put(field, value);
    }
  }

  private static Map<ErrorCode, WireError> wireErrors() {
    Map<ErrorCode, WireError> errors = new EnumMap<>(ErrorCode.class);
    errors.put(ErrorCode.INVALID_INPUT, new WireError(400, "invalid_request_error", null, false));
    errors.put(ErrorCode.AUTHENTICATION, new WireError(401, "authentication_error", null, false));
    errors.put(ErrorCode.PERMISSION_DENIED, new WireError(403, "permission_error", null, false));
    errors.put(ErrorCode.NOT_FOUND, new WireError(404, "not_found_error", null, false));
    errors.put(ErrorCode.CONTEXT_LENGTH_EXCEEDED,
        new WireError(400, "invalid_request_error", "context_length_exceeded", true));
    errors.put(ErrorCode.CONTENT_FILTERED, new WireError(400, "invalid_request_error", "content_filter", true));
    errors.put(ErrorCode.REQUEST_TOO_LARGE, new WireError(413, "request_too_large", null, false));
    errors.put(ErrorCode.RATE_LIMIT, new WireError(429, "rate_limit_error", null, true));
    errors.put(ErrorCode.QUOTA_EXCEEDED, new WireError(429, "billing_error", "insufficient_quota", false));
    errors.put(ErrorCode.OVERLOADED, new WireError(529, "overloaded_error", "overloaded", true));
    // "server_error" is a code the classifier does not know: at HTTP 500 the status decides, inside a 200 stream an
    // unknown error is a SERVER_ERROR.
    errors.put(ErrorCode.SERVER_ERROR, new WireError(500, "api_error", "server_error", true));
    errors.put(ErrorCode.TIMEOUT, new WireError(504, "timeout_error", null, false));
    errors.put(ErrorCode.UNSUPPORTED, new WireError(400, "invalid_request_error", "unsupported_feature", false));
    // Not HTTP errors: a cut connection, and a 200 answer that is not JSON.
    errors.put(ErrorCode.NETWORK, new WireError(0, null, null, true));
    errors.put(ErrorCode.INVALID_RESPONSE, new WireError(0, null, null, true));
    return errors;
  }

  /**
   * How the reference wire sends one error code.
   *
   * @param status the HTTP status, or 0 when the error is not an HTTP error status
   * @param type the body's error type, or null
   * @param code the body's error code, or null
   * @param inStream whether a 200 stream can fail part-way with it
   */
  private record WireError(int status, String type, String code, boolean inStream) {}
}
