package ai.beluga.llms.providers.openai;

import ai.beluga.llms.StreamEvent;
import ai.beluga.llms.errors.ErrorCode;
import ai.beluga.llms.errors.LlmException;
import ai.beluga.llms.internal.Json;
import ai.beluga.llms.spi.StreamDecoder;
import ai.beluga.schema.FinishReason;
import ai.beluga.schema.ToolCall;
import java.net.http.HttpHeaders;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.databind.JsonNode;

/**
 * Decodes one Chat Completions stream ({@code chat.completion.chunk} frames over SSE, ended by {@code data: [DONE]})
 * into {@link StreamEvent}s. Internal to the provider; one instance per stream, not thread-safe (the engine calls it
 * from one thread at a time).
 *
 * <p>Each frame is parsed straight from the engine's byte slice. The first frame gives {@code ResponseStarted} (id,
 * model, and the head's request id and rate-limit headers). {@code delta.content} is text, {@code delta.refusal} is
 * text too (and turns the finish reason into {@code CONTENT_FILTER}, as in {@link OpenAiResponseDecoder}),
 * {@code delta.reasoning_content} or {@code delta.reasoning} is reasoning. Tool-call deltas are assembled by
 * {@code index}: {@code ToolCallStarted} when the call's id and name are known, {@code ToolCallDelta} per argument
 * fragment, and {@code ToolCallCompleted} only when the server closes the calls, with {@code finish_reason} or at
 * {@code [DONE]}; arguments that happen to parse early do not close a call (DESIGN section 5).
 *
 * <p>{@code Finished} is emitted at {@code [DONE]}, after the usage chunk that {@code stream_options.include_usage}
 * sends after the finish reason; a server that sends no {@code [DONE]} gets its {@code Finished} when the body ends
 * after a finish reason. A body that ends with neither is a truncated stream: {@code NETWORK}. An {@code error}
 * object inside a frame is classified and thrown.
 */
final class OpenAiStreamDecoder implements StreamDecoder {
  private static final byte[] DONE = {'[', 'D', 'O', 'N', 'E', ']'};

  private final HttpHeaders headers;
  private final OpenAiErrorClassifier classifier;
  private final TreeMap<Integer, OpenCall> calls = new TreeMap<>();
  private boolean started;
  private boolean refused;
  private String rawReason;
  private boolean finishSeen;
  private boolean finished;

  OpenAiStreamDecoder(HttpHeaders headers, OpenAiErrorClassifier classifier) {
    this.headers = headers;
    this.classifier = classifier;
  }

  @Override
  public void onFrame(String eventType, byte[] data, int offset, int length, EventSink sink) {
    if (finished) {
      return;
    }
    if (isDone(data, offset, length)) {
      finish(sink);
      return;
    }
    if (fastFrame(data, offset, length, sink)) {
      return;
    }
    JsonNode frame;
    try {
      frame = Json.MAPPER.readTree(data, offset, length);
    } catch (JacksonException e) {
      throw LlmException.builder(ErrorCode.INVALID_RESPONSE, "a stream frame is not JSON")
          .provider(OpenAiProviderFactory.NAME).cause(e).build();
    }
    if (frame == null || !frame.isObject()) {
      return;
    }
    JsonNode error = frame.get("error");
    if (error != null && !error.isNull()) {
      throw classifier.classify(200, headers, error).build();
    }
    if (!started) {
      started = true;
      Map<String, String> metadata = OpenAiResponseDecoder.headerMetadata(headers);
      OpenAiResponseDecoder.textOpt(frame.get("system_fingerprint"))
          .ifPresent(value -> metadata.put("system_fingerprint", value));
      sink.emit(new StreamEvent.ResponseStarted(OpenAiResponseDecoder.textOpt(frame.get("id")),
          OpenAiResponseDecoder.textOpt(frame.get("model")), metadata));
    }
    for (JsonNode choice : frame.path("choices")) {
      if (choice.path("index").asInt(0) != 0) {
        continue;
      }
      onDelta(choice.path("delta"), sink);
      JsonNode reason = choice.get("finish_reason");
      if (reason != null && reason.isString() && !finishSeen) {
        finishSeen = true;
        rawReason = reason.asString();
        closeCalls(sink);
      }
    }
    JsonNode usage = frame.get("usage");
    if (usage == null || !usage.isObject()) {
      usage = frame.path("x_groq").get("usage");
    }
    if (usage != null && usage.isObject()) {
      sink.emit(new StreamEvent.UsageReported(OpenAiUsage.of(usage)));
    }
  }

  /**
   * Decodes the common frame, a text delta or a finish reason, with a streaming parser and no tree (STYLE section 6;
   * issue 6 (d)). It reads the whole frame before it emits anything, and gives up (returning {@code false}, having
   * emitted nothing) on anything that the tree path below handles with more care: an {@code error}, {@code usage} or
   * {@code x_groq} that is not {@code null}, tool calls, content parts (an array), a second choice with index 0, an
   * index that is not an integer, {@code choices} that is not an array, trailing tokens, or JSON that does not parse.
   * What it decodes, it decodes as the tree path would: strings only where the tree path takes strings, the last
   * value where a name repeats.
   *
   * @return whether the frame was decoded
   */
  private boolean fastFrame(byte[] data, int offset, int length, EventSink sink) {
    FastChoice choice = null;
    String id = null;
    String model = null;
    String fingerprint = null;
    try (JsonParser parser = Json.FACTORY.createParser(ObjectReadContext.empty(), data, offset, length)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return false;
      }
      String name;
      while ((name = parser.nextName()) != null) {
        JsonToken value = parser.nextToken();
        switch (name) {
          case "id":
            id = value == JsonToken.VALUE_STRING ? (started ? "" : parser.getString()) : null;
            break;
          case "model":
            model = value == JsonToken.VALUE_STRING ? (started ? "" : parser.getString()) : null;
            break;
          case "system_fingerprint":
            fingerprint = value == JsonToken.VALUE_STRING ? (started ? "" : parser.getString()) : null;
            break;
          case "choices":
            if (value == JsonToken.VALUE_NULL) {
              choice = null;
              break;
            }
            if (value != JsonToken.START_ARRAY) {
              return false;
            }
            choice = null;
            JsonToken element;
            while ((element = parser.nextToken()) != JsonToken.END_ARRAY) {
              if (element != JsonToken.START_OBJECT) {
                return false;
              }
              FastChoice read = readChoice(parser);
              if (read == null) {
                return false;
              }
              if (read.index == 0) {
                if (choice != null) {
                  return false;
                }
                choice = read;
              }
            }
            break;
          case "error":
          case "usage":
          case "x_groq":
            if (value != JsonToken.VALUE_NULL) {
              return false;
            }
            break;
          default:
            parser.skipChildren();
            break;
        }
      }
      if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
        return false;
      }
    } catch (JacksonException e) {
      // The tree path parses it again and reports it as the stream's failure.
      return false;
    }
    if (!started) {
      started = true;
      Map<String, String> metadata = OpenAiResponseDecoder.headerMetadata(headers);
      if (fingerprint != null) {
        metadata.put("system_fingerprint", fingerprint);
      }
      sink.emit(new StreamEvent.ResponseStarted(Optional.ofNullable(id), Optional.ofNullable(model), metadata));
    }
    if (choice != null) {
      if (choice.content != null && !choice.content.isEmpty()) {
        sink.emit(new StreamEvent.TextDelta(choice.content));
      }
      if (choice.refusal != null && !choice.refusal.isEmpty()) {
        refused = true;
        sink.emit(new StreamEvent.TextDelta(choice.refusal));
      }
      String reasoning = choice.reasoningContent != null ? choice.reasoningContent
          : choice.reasoning != null ? choice.reasoning : "";
      if (!reasoning.isEmpty()) {
        sink.emit(new StreamEvent.ReasoningDelta(reasoning));
      }
      if (choice.finishReason != null && !finishSeen) {
        finishSeen = true;
        rawReason = choice.finishReason;
        closeCalls(sink);
      }
    }
    return true;
  }

  /** Reads one choice object, the parser on its {@code START_OBJECT}; {@code null} when the tree path must decide. */
  private static FastChoice readChoice(JsonParser parser) {
    FastChoice choice = new FastChoice();
    String name;
    while ((name = parser.nextName()) != null) {
      JsonToken value = parser.nextToken();
      switch (name) {
        case "index":
          if (value == JsonToken.VALUE_NULL) {
            choice.index = 0;
          } else if (value == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() == JsonParser.NumberType.INT) {
            choice.index = parser.getIntValue();
          } else {
            return null;
          }
          break;
        case "finish_reason":
          choice.finishReason = value == JsonToken.VALUE_STRING ? parser.getString() : null;
          break;
        case "delta":
          choice.content = null;
          choice.refusal = null;
          choice.reasoningContent = null;
          choice.reasoning = null;
          if (value != JsonToken.START_OBJECT) {
            parser.skipChildren();
            break;
          }
          if (!readDelta(parser, choice)) {
            return null;
          }
          break;
        default:
          parser.skipChildren();
          break;
      }
    }
    return choice;
  }

  /** Reads a delta object into the choice; {@code false} when the tree path must decide. */
  private static boolean readDelta(JsonParser parser, FastChoice choice) {
    String name;
    while ((name = parser.nextName()) != null) {
      JsonToken value = parser.nextToken();
      switch (name) {
        case "content":
          if (value == JsonToken.START_ARRAY) {
            return false;
          }
          choice.content = value == JsonToken.VALUE_STRING ? parser.getString() : null;
          parser.skipChildren();
          break;
        case "refusal":
          choice.refusal = value == JsonToken.VALUE_STRING ? parser.getString() : null;
          parser.skipChildren();
          break;
        case "reasoning_content":
          choice.reasoningContent = value == JsonToken.VALUE_STRING ? parser.getString() : null;
          parser.skipChildren();
          break;
        case "reasoning":
          choice.reasoning = value == JsonToken.VALUE_STRING ? parser.getString() : null;
          parser.skipChildren();
          break;
        case "tool_calls":
          if (value != JsonToken.VALUE_NULL) {
            return false;
          }
          break;
        default:
          parser.skipChildren();
          break;
      }
    }
    return true;
  }

  @Override
  public void onEnd(EventSink sink) {
    if (finished) {
      return;
    }
    if (!finishSeen) {
      throw LlmException.builder(ErrorCode.NETWORK,
          "the stream ended before [DONE] and before a finish reason; the answer was cut short")
          .provider(OpenAiProviderFactory.NAME).build();
    }
    finish(sink);
  }

  private void onDelta(JsonNode delta, EventSink sink) {
    if (!delta.isObject()) {
      return;
    }
    JsonNode contentNode = delta.get("content");
    String content = contentNode != null && contentNode.isArray() ? OpenAiResponseDecoder.contentText(contentNode)
        : OpenAiResponseDecoder.textOpt(contentNode).orElse("");
    if (!content.isEmpty()) {
      sink.emit(new StreamEvent.TextDelta(content));
    }
    String refusal = OpenAiResponseDecoder.textOpt(delta.get("refusal")).orElse("");
    if (!refusal.isEmpty()) {
      refused = true;
      sink.emit(new StreamEvent.TextDelta(refusal));
    }
    String reasoning = OpenAiResponseDecoder.textOpt(delta.get("reasoning_content"))
        .or(() -> OpenAiResponseDecoder.textOpt(delta.get("reasoning")))
        .orElseGet(() -> OpenAiResponseDecoder.contentThinking(contentNode));
    if (!reasoning.isEmpty()) {
      sink.emit(new StreamEvent.ReasoningDelta(reasoning));
    }
    for (JsonNode toolCall : delta.path("tool_calls")) {
      onToolCallDelta(toolCall, sink);
    }
  }

  private void onToolCallDelta(JsonNode delta, EventSink sink) {
    Optional<String> id = OpenAiResponseDecoder.textOpt(delta.get("id")).filter(value -> !value.isEmpty());
    int index;
    JsonNode indexNode = delta.get("index");
    if (indexNode != null && indexNode.isNumber()) {
      index = indexNode.asInt();
    } else {
      // Some compatible servers omit the index: a new id opens a new call, no id continues the last one.
      boolean continues = !calls.isEmpty() && (id.isEmpty() || id.get().equals(calls.lastEntry().getValue().id));
      index = calls.isEmpty() ? 0 : continues ? calls.lastKey() : calls.lastKey() + 1;
    }
    OpenCall call = calls.computeIfAbsent(index, OpenCall::new);
    if (call.id == null && id.isPresent()) {
      call.id = id.get();
    }
    JsonNode function = delta.path("function");
    OpenAiResponseDecoder.textOpt(function.get("name")).filter(name -> !name.isEmpty())
        .ifPresent(name -> call.name = call.name == null ? name : call.name);
    String arguments = OpenAiResponseDecoder.textOpt(function.get("arguments")).orElse("");
    call.arguments.append(arguments);
    if (!call.started && call.id != null && call.name != null) {
      call.started = true;
      sink.emit(new StreamEvent.ToolCallStarted(index, call.id, call.name));
      if (call.arguments.length() > 0) {
        sink.emit(new StreamEvent.ToolCallDelta(index, call.arguments.toString()));
      }
    } else if (call.started && !arguments.isEmpty()) {
      sink.emit(new StreamEvent.ToolCallDelta(index, arguments));
    }
  }

  private void closeCalls(EventSink sink) {
    for (OpenCall call : calls.values()) {
      if (call.name == null) {
        throw LlmException.builder(ErrorCode.INVALID_RESPONSE, "a streamed tool call (index " + call.index
            + ") never named its function").provider(OpenAiProviderFactory.NAME).build();
      }
      if (!call.started) {
        // A server that never sent an id: name the call by its index, so that its result can refer to it.
        call.id = call.id == null ? "call_" + call.index : call.id;
        sink.emit(new StreamEvent.ToolCallStarted(call.index, call.id, call.name));
        if (call.arguments.length() > 0) {
          sink.emit(new StreamEvent.ToolCallDelta(call.index, call.arguments.toString()));
        }
      }
      String arguments = call.arguments.length() == 0 ? "{}" : call.arguments.toString();
      sink.emit(new StreamEvent.ToolCallCompleted(call.index, ToolCall.of(call.id, call.name, arguments)));
    }
    calls.clear();
  }

  private void finish(EventSink sink) {
    closeCalls(sink);
    finished = true;
    FinishReason reason = refused ? FinishReason.CONTENT_FILTER : OpenAiFinishReasons.of(rawReason);
    sink.emit(new StreamEvent.Finished(reason, Optional.ofNullable(rawReason)));
  }

  private static boolean isDone(byte[] data, int offset, int length) {
    int start = offset;
    int end = offset + length;
    while (start < end && data[start] == ' ') {
      start++;
    }
    while (end > start && (data[end - 1] == ' ' || data[end - 1] == '\r')) {
      end--;
    }
    return Arrays.equals(data, start, end, DONE, 0, DONE.length);
  }

  /** What the fast path read of the choice with index 0. */
  private static final class FastChoice {
    private int index;
    private String content;
    private String refusal;
    private String reasoningContent;
    private String reasoning;
    private String finishReason;
  }

  /** A tool call being assembled. */
  private static final class OpenCall {
    private final int index;
    private final StringBuilder arguments = new StringBuilder();
    private String id;
    private String name;
    private boolean started;

    OpenCall(int index) {
      this.index = index;
    }
  }
}
