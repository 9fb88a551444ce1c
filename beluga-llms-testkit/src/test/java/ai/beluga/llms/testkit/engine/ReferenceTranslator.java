package ai.beluga.llms.testkit.engine;

import ai.beluga.llms.ChatRequest;
import ai.beluga.llms.ChatResponse;
import ai.beluga.llms.StreamEvent;
import ai.beluga.llms.errors.ErrorClassifier;
import ai.beluga.llms.errors.ErrorCode;
import ai.beluga.llms.errors.LlmException;
import ai.beluga.llms.errors.ProviderError;
import ai.beluga.llms.spi.ChatTranslator;
import ai.beluga.llms.spi.StreamDecoder;
import ai.beluga.llms.spi.WireRequest;
import ai.beluga.llms.spi.WireResponse;
import ai.beluga.schema.FinishReason;
import ai.beluga.schema.Message;
import ai.beluga.schema.Reasoning;
import ai.beluga.schema.ResponseFormat;
import ai.beluga.schema.ToolCall;
import ai.beluga.schema.ToolChoice;
import ai.beluga.schema.ToolDefinition;
import ai.beluga.schema.Usage;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A made-up provider, just rich enough to drive the HTTP engine in tests: a JSON request, a JSON answer, a stream of
 * {@code {"type": ...}} frames over SSE (ended by {@code data: [DONE]}) or NDJSON (ended by the {@code finish} line),
 * errors as {@code {"error":{"type":...,"code":...,"message":...}}}, and a health probe {@code GET /models}.
 *
 * <p>The request ({@code POST /chat}) carries {@code model}, {@code stream}, {@code messages} and, when the request
 * has them, {@code tools} (name, description, parameters), {@code tool_choice} and {@code response_format}
 * ({@code {"type":"json_schema","name":...,"strict":...,"schema":{...}}} or {@code {"type":"json_object"}}). The answer
 * holds {@code id}, {@code model}, {@code text}, {@code reasoning}, {@code tool_calls} (id, name, arguments as JSON
 * text), {@code usage} (input, output) and {@code finish} ({@code stop}, {@code length}, {@code tool_calls}).
 *
 * <p>Stream frames: {@code start} (id, model), {@code text} (text), {@code reasoning} (text), {@code tool_call_start}
 * (index, id, name), {@code tool_call_delta} (index, arguments), {@code tool_call_end} (index), {@code usage} (input,
 * output), {@code finish} (reason), and {@code error} ({@code error}: an object with type, code and message, as in an
 * error body), which the decoder throws as the classified {@link LlmException}.
 *
 * <p>Error codes beyond the HTTP status: {@code overloaded}, {@code context_length_exceeded}, {@code content_filter},
 * {@code insufficient_quota} and {@code unsupported_feature}, and the type {@code rate_limit_error}.
 *
 * <p>It remembers every request the engine asked it to encode, so tests can check what the engine handed it.
 */
public final class ReferenceTranslator implements ChatTranslator {
  static final String PROVIDER = "reference";
  static final String API_KEY = "test-key";

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final byte[] DONE = "[DONE]".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private final URI base;
  private final StreamFraming framing;
  private final Map<String, String> probeHeaders;
  private final RuntimeException decoderFailure;
  private final ErrorClassifier classifier = ErrorClassifier.builder(PROVIDER)
      .code("overloaded", ErrorCode.OVERLOADED)
      .code("context_length_exceeded", ErrorCode.CONTEXT_LENGTH_EXCEEDED)
      .code("content_filter", ErrorCode.CONTENT_FILTERED)
      .code("insufficient_quota", ErrorCode.QUOTA_EXCEEDED)
      .code("unsupported_feature", ErrorCode.UNSUPPORTED)
      .type("rate_limit_error", ErrorCode.RATE_LIMIT)
      .build();
  private final ConcurrentLinkedQueue<Encoded> encoded = new ConcurrentLinkedQueue<>();
  private final AtomicReference<WireResponse> lastStreamHead = new AtomicReference<>();

  private ReferenceTranslator(URI base, StreamFraming framing, Map<String, String> probeHeaders,
      RuntimeException decoderFailure) {
    this.base = base;
    this.framing = framing;
    this.probeHeaders = probeHeaders;
    this.decoderFailure = decoderFailure;
  }

  /** A translator speaking SSE to a server. */
  public static ReferenceTranslator sse(URI base) {
    return new ReferenceTranslator(base, StreamFraming.SSE, Map.of("Authorization", "Bearer " + API_KEY), null);
  }

  /** A translator speaking NDJSON to a server. */
  static ReferenceTranslator ndjson(URI base) {
    return new ReferenceTranslator(base, StreamFraming.NDJSON, Map.of("Authorization", "Bearer " + API_KEY), null);
  }

  /** A copy whose health probe sends no headers at all. */
  ReferenceTranslator withUnauthenticatedProbe() {
    return new ReferenceTranslator(base, framing, Map.of(), decoderFailure);
  }

  /** A copy that fails to create a stream decoder, as a broken translation would. */
  ReferenceTranslator withDecoderFailure(RuntimeException failure) {
    return new ReferenceTranslator(base, framing, probeHeaders, failure);
  }

  /** {@return every request encoded so far, in order} */
  List<Encoded> encoded() {
    return List.copyOf(encoded);
  }

  /** {@return the head of the last stream a decoder was made for, if any} */
  Optional<WireResponse> lastStreamHead() {
    return Optional.ofNullable(lastStreamHead.get());
  }

  @Override
  public String provider() {
    return PROVIDER;
  }

  @Override
  public WireRequest encode(ChatRequest request, boolean stream) {
    encoded.add(new Encoded(request, stream));
    ObjectNode body = JSON.createObjectNode();
    body.put("model", request.options().model().orElseThrow());
    body.put("stream", stream);
    request.options().temperature().ifPresent(t -> body.put("temperature", t));
    request.options().maxOutputTokens().ifPresent(m -> body.put("max_tokens", m));
    ArrayNode messages = body.putArray("messages");
    for (Message message : request.messages()) {
      ObjectNode node = messages.addObject();
      if (message instanceof Message.System system) {
        node.put("role", "system").put("text", system.text());
      } else if (message instanceof Message.User user) {
        node.put("role", "user").put("text", user.text());
      } else if (message instanceof Message.Assistant assistant) {
        node.put("role", "assistant").put("text", assistant.text());
      } else {
        throw LlmException.builder(ErrorCode.UNSUPPORTED, PROVIDER + " does not take tool results")
            .provider(PROVIDER).build();
      }
    }
    if (!request.tools().isEmpty()) {
      ArrayNode tools = body.putArray("tools");
      for (ToolDefinition tool : request.tools()) {
        tools.addObject().put("name", tool.name()).put("description", tool.description())
            .set("parameters", tool.parameters().toJsonNode());
      }
    }
    request.toolChoice().ifPresent(choice -> putToolChoice(body, choice));
    request.responseFormat().ifPresent(format -> body.set("response_format", responseFormatOf(format)));
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Authorization", "Bearer " + API_KEY);
    headers.put("X-Reference-Version", "1");
    return WireRequest.postJson(base.resolve("/chat"), headers, JSON.writeValueAsBytes(body));
  }

  @Override
  public ChatResponse decode(WireResponse response) {
    JsonNode root;
    try {
      root = JSON.readTree(response.body());
    } catch (JacksonException e) {
      throw LlmException.builder(ErrorCode.INVALID_RESPONSE, "the answer is not JSON").provider(PROVIDER).cause(e)
          .build();
    }
    List<ToolCall> calls = new ArrayList<>();
    for (JsonNode call : root.path("tool_calls")) {
      calls.add(ToolCall.of(call.path("id").asString(), call.path("name").asString(),
          call.path("arguments").asString()));
    }
    String reason = root.path("finish").asString("stop");
    List<Reasoning> reasoning = root.path("reasoning").isString()
        ? List.of(Reasoning.of(root.path("reasoning").asString())) : List.of();
    return new ChatResponse(new Message.Assistant(root.path("text").asString(""), reasoning, calls),
        usageOf(root.path("usage")), finishReasonOf(reason), Optional.of(reason),
        root.path("id").asStringOpt(), root.path("model").asStringOpt(), Map.of());
  }

  @Override
  public StreamFraming streamFraming() {
    return framing;
  }

  @Override
  public StreamDecoder newStreamDecoder(WireResponse head) {
    lastStreamHead.set(head);
    if (decoderFailure != null) {
      throw decoderFailure;
    }
    return new Decoder(head.headers());
  }

  @Override
  public LlmException.Builder classifyError(WireResponse response) {
    JsonNode error;
    try {
      error = JSON.readTree(response.body()).path("error");
    } catch (JacksonException e) {
      // A body cut at the size limit, or not JSON at all: classify by status alone.
      return classifier.classify(ProviderError.of(response.status(), response.headers()));
    }
    return classifier.classify(errorOf(response.status(), response.headers(), error));
  }

  @Override
  public Optional<WireRequest> healthProbe() {
    return Optional.of(WireRequest.get(base.resolve("/models"), probeHeaders));
  }

  private static void putToolChoice(ObjectNode body, ToolChoice choice) {
    if (choice instanceof ToolChoice.Named named) {
      body.putObject("tool_choice").put("name", named.name());
    } else {
      body.put("tool_choice", choice instanceof ToolChoice.None ? "none"
          : choice instanceof ToolChoice.Required ? "required" : "auto");
    }
  }

  private static JsonNode responseFormatOf(ResponseFormat format) {
    ObjectNode node = JSON.createObjectNode();
    if (format instanceof ResponseFormat.JsonSchemaFormat schema) {
      node.put("type", "json_schema").put("name", schema.name()).put("strict", schema.strict())
          .set("schema", schema.schema().toJsonNode());
    } else if (format instanceof ResponseFormat.Json) {
      node.put("type", "json_object");
    } else {
      node.put("type", "text");
    }
    return node;
  }

  private static ProviderError errorOf(int status, HttpHeaders headers, JsonNode error) {
    return new ProviderError(status, headers, error.path("type").asStringOpt(), error.path("code").asStringOpt(),
        error.path("message").asStringOpt());
  }

  private static Usage usageOf(JsonNode usage) {
    return usage.isMissingNode() ? Usage.empty() : Usage.of(usage.path("input").asLong(), usage.path("output").asLong());
  }

  private static FinishReason finishReasonOf(String reason) {
    switch (reason) {
      case "stop":
        return FinishReason.STOP;
      case "length":
        return FinishReason.LENGTH;
      case "tool_calls":
        return FinishReason.TOOL_CALLS;
      default:
        return FinishReason.OTHER;
    }
  }

  /** What the engine asked the translator to encode. */
  record Encoded(ChatRequest request, boolean stream) {}

  /** Decodes one stream; state per stream, as the SPI allows. */
  private final class Decoder implements StreamDecoder {
    private final HttpHeaders headers;
    private final Map<Integer, String[]> openCalls = new LinkedHashMap<>();
    private final Map<Integer, StringBuilder> arguments = new LinkedHashMap<>();
    private boolean finished;
    private boolean done;

    Decoder(HttpHeaders headers) {
      this.headers = headers;
    }

    @Override
    public void onFrame(String eventType, byte[] data, int offset, int length, EventSink sink) {
      if (framing == StreamFraming.SSE && java.util.Arrays.equals(data, offset, offset + length, DONE, 0,
          DONE.length)) {
        done = true;
        return;
      }
      JsonNode frame;
      try {
        frame = JSON.readTree(data, offset, length);
      } catch (JacksonException e) {
        throw LlmException.builder(ErrorCode.INVALID_RESPONSE, "a stream frame is not JSON").provider(PROVIDER)
            .cause(e).build();
      }
      String type = frame.path("type").asString("");
      switch (type) {
        case "start":
          sink.emit(new StreamEvent.ResponseStarted(frame.path("id").asStringOpt(), frame.path("model").asStringOpt(),
              Map.of()));
          break;
        case "text":
          sink.emit(new StreamEvent.TextDelta(frame.path("text").asString()));
          break;
        case "reasoning":
          sink.emit(new StreamEvent.ReasoningDelta(frame.path("text").asString()));
          break;
        case "tool_call_start": {
          int index = frame.path("index").asInt();
          openCalls.put(index, new String[] {frame.path("id").asString(), frame.path("name").asString()});
          arguments.put(index, new StringBuilder());
          sink.emit(new StreamEvent.ToolCallStarted(index, frame.path("id").asString(), frame.path("name").asString()));
          break;
        }
        case "tool_call_delta": {
          int index = frame.path("index").asInt();
          String delta = frame.path("arguments").asString();
          arguments.computeIfAbsent(index, i -> new StringBuilder()).append(delta);
          sink.emit(new StreamEvent.ToolCallDelta(index, delta));
          break;
        }
        case "tool_call_end": {
          int index = frame.path("index").asInt();
          String[] call = openCalls.remove(index);
          sink.emit(new StreamEvent.ToolCallCompleted(index, ToolCall.of(call[0], call[1],
              arguments.remove(index).toString())));
          break;
        }
        case "usage":
          sink.emit(new StreamEvent.UsageReported(usageOf(frame)));
          break;
        case "finish": {
          String reason = frame.path("reason").asString("stop");
          finished = true;
          sink.emit(new StreamEvent.Finished(finishReasonOf(reason), Optional.of(reason)));
          break;
        }
        case "error":
          // The error sits in its own object, shaped like an error body: the frame's "type" names the frame.
          throw classifier.classify(errorOf(200, headers, frame.path("error"))).build();
        default:
          break;
      }
    }

    @Override
    public void onEnd(EventSink sink) {
      boolean complete = framing == StreamFraming.SSE ? done : finished;
      if (!complete) {
        throw LlmException.builder(ErrorCode.NETWORK, "the stream ended before the answer did; it was truncated")
            .provider(PROVIDER).build();
      }
    }
  }
}
