package ai.beluga.llms.providers.anthropic;

import ai.beluga.llms.StreamEvent;
import ai.beluga.llms.errors.ErrorCode;
import ai.beluga.llms.errors.LlmException;
import ai.beluga.llms.internal.Json;
import ai.beluga.llms.spi.StreamDecoder;
import ai.beluga.schema.FinishReason;
import ai.beluga.schema.Reasoning;
import ai.beluga.schema.ToolCall;
import java.net.http.HttpHeaders;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.databind.JsonNode;

/**
 * Decodes one Messages API stream into {@link StreamEvent}s. One instance per stream; not thread-safe.
 *
 * <ul>
 *   <li>{@code message_start}: {@code ResponseStarted} (id, model) and {@code UsageReported}.
 *   <li>{@code content_block_start}: {@code ToolCallStarted} for a {@code tool_use} block (indexed by the block's
 *       index); text and thinking blocks only open state.
 *   <li>{@code content_block_delta}: {@code TextDelta} per {@code text_delta}, {@code ReasoningDelta} per
 *       {@code thinking_delta}, {@code ToolCallDelta} per {@code input_json_delta}; a {@code signature_delta} is kept.
 *   <li>{@code content_block_stop}: {@code ToolCallCompleted} (an empty input is {@code {}}), or
 *       {@code ReasoningCompleted} with the signature, or the redacted data of a {@code redacted_thinking} block. A tool
 *       call is completed only here, never because its JSON happens to parse.
 *   <li>{@code message_delta}: {@code UsageReported} (merged with the start's usage) and the stop reason;
 *       {@code message_stop}: {@code Finished}.
 *   <li>{@code ping} and unknown events: nothing. {@code error}: the classified {@link LlmException} is thrown
 *       ({@code overloaded_error} is {@code OVERLOADED}, retryable).
 * </ul>
 *
 * <p>The structured-output tool's input is streamed as text. Blocks of server tools are skipped.
 */
final class AnthropicStreamDecoder implements StreamDecoder {
  private final HttpHeaders headers;
  private final AnthropicErrorClassifier classifier;
  private final Map<Integer, Block> blocks = new HashMap<>();
  private final AnthropicUsage.Accumulator usage = new AnthropicUsage.Accumulator();
  private String stopReason;
  private boolean clientToolCalled;
  private boolean responseToolCalled;
  private boolean stopped;

  AnthropicStreamDecoder(HttpHeaders headers, AnthropicErrorClassifier classifier) {
    this.headers = headers;
    this.classifier = classifier;
  }

  @Override
  public void onFrame(String eventType, byte[] data, int offset, int length, EventSink sink) {
    if (fastDelta(data, offset, length, sink)) {
      return;
    }
    JsonNode frame;
    try {
      frame = Json.MAPPER.readTree(data, offset, length);
    } catch (JacksonException e) {
      throw AnthropicResponseDecoder.invalid("a stream event (" + eventType + ") is not JSON", e);
    }
    if (frame == null || !frame.isObject()) {
      throw AnthropicResponseDecoder.invalid("a stream event (" + eventType + ") is not a JSON object", null);
    }
    // The data's own "type" names the event; the SSE event line only when the data has none.
    String type = frame.path("type").asString(eventType);
    switch (type) {
      case "message_start":
        messageStart(frame.path("message"), sink);
        break;
      case "content_block_start":
        blockStart(index(frame), frame.path("content_block"), sink);
        break;
      case "content_block_delta":
        blockDelta(index(frame), frame.path("delta"), sink);
        break;
      case "content_block_stop":
        blockStop(index(frame), sink);
        break;
      case "message_delta":
        JsonNode reason = frame.path("delta").path("stop_reason");
        if (reason.isString()) {
          stopReason = reason.asString();
        }
        if (usage.add(frame.get("usage"))) {
          sink.emit(new StreamEvent.UsageReported(usage.usage()));
        }
        break;
      case "message_stop":
        stopped = true;
        FinishReason finish = AnthropicFinishReasons.of(stopReason, responseToolCalled && !clientToolCalled);
        sink.emit(new StreamEvent.Finished(finish, Optional.ofNullable(stopReason)));
        break;
      case "error":
        throw classifier.classify(200, headers, frame.path("error")).build();
      default:
        // ping, and events added to the API after this was written
        break;
    }
  }

  @Override
  public void onEnd(EventSink sink) {
    if (!stopped) {
      throw LlmException.builder(ErrorCode.NETWORK, "the anthropic stream ended before message_stop; it was "
          + "truncated").provider(AnthropicTranslator.PROVIDER).build();
    }
  }

  private static int index(JsonNode frame) {
    JsonNode index = frame.get("index");
    if (index == null || !index.canConvertToInt()) {
      throw AnthropicResponseDecoder.invalid("a content block event has no index", null);
    }
    return index.asInt();
  }

  private void messageStart(JsonNode message, EventSink sink) {
    sink.emit(new StreamEvent.ResponseStarted(AnthropicResponseDecoder.optional(message, "id"),
        AnthropicResponseDecoder.optional(message, "model"), Map.of()));
    if (usage.add(message.get("usage"))) {
      sink.emit(new StreamEvent.UsageReported(usage.usage()));
    }
  }

  private void blockStart(int index, JsonNode block, EventSink sink) {
    String type = block.path("type").asString("");
    Block state;
    switch (type) {
      case "text": {
        state = new Block(Kind.TEXT);
        String text = block.path("text").asString("");
        if (!text.isEmpty()) {
          sink.emit(new StreamEvent.TextDelta(text));
        }
        break;
      }
      case "thinking": {
        state = new Block(Kind.THINKING);
        String text = block.path("thinking").asString("");
        if (!text.isEmpty()) {
          state.buffer.append(text);
          sink.emit(new StreamEvent.ReasoningDelta(text));
        }
        state.signature = nonEmpty(block.path("signature").asString(""));
        break;
      }
      case "redacted_thinking":
        state = new Block(Kind.REDACTED);
        state.buffer.append(block.path("data").asString(""));
        break;
      case "tool_use": {
        String name = block.path("name").asString("");
        if (AnthropicRequestEncoder.RESPONSE_TOOL.equals(name)) {
          state = new Block(Kind.RESPONSE_TOOL);
          responseToolCalled = true;
        } else {
          state = new Block(Kind.TOOL);
          state.id = block.path("id").asString("");
          state.name = name;
          clientToolCalled = true;
          sink.emit(new StreamEvent.ToolCallStarted(index, state.id, name));
        }
        break;
      }
      default:
        state = new Block(Kind.OTHER);
        break;
    }
    blocks.put(index, state);
  }

  /**
   * Decodes the common frame, a {@code content_block_delta} carrying text, thinking or tool-input JSON, with a
   * streaming parser and no tree (STYLE section 6; issue 6 (d)). It reads the whole frame before acting, and gives up
   * (returning {@code false}, having emitted nothing) on any other event type and on anything the tree path decides
   * with more care: a {@code type} or delta field that is not a string, an index that is not an integer, a delta that
   * is not an object, trailing tokens, or JSON that does not parse. Where a name repeats, the last value counts, as
   * in the tree.
   *
   * @return whether the frame was decoded
   */
  private boolean fastDelta(byte[] data, int offset, int length, EventSink sink) {
    String type = null;
    int index = -1;
    boolean indexRead = false;
    String deltaType = null;
    String value = null;
    try (JsonParser parser = Json.FACTORY.createParser(ObjectReadContext.empty(), data, offset, length)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return false;
      }
      String name;
      while ((name = parser.nextName()) != null) {
        JsonToken token = parser.nextToken();
        switch (name) {
          case "type":
            if (token != JsonToken.VALUE_STRING) {
              return false;
            }
            type = parser.getString();
            if (!"content_block_delta".equals(type)) {
              return false;
            }
            break;
          case "index":
            if (token != JsonToken.VALUE_NUMBER_INT || parser.getNumberType() != JsonParser.NumberType.INT) {
              return false;
            }
            index = parser.getIntValue();
            indexRead = true;
            break;
          case "delta":
            if (token != JsonToken.START_OBJECT) {
              return false;
            }
            String[] read = readDelta(parser);
            if (read == null) {
              return false;
            }
            deltaType = read[0];
            value = read[1];
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
    if (type == null || !indexRead || deltaType == null || value == null) {
      return false;
    }
    onDelta(index, deltaType, value, sink);
    return true;
  }

  /**
   * Reads a delta object, the parser on its {@code START_OBJECT}: its type and the string field that type carries;
   * {@code null} when that is not a plain string or the type is not one of the deltas the fast path takes.
   */
  private static String[] readDelta(JsonParser parser) {
    String type = null;
    String text = null;
    String thinking = null;
    String partialJson = null;
    boolean plain = true;
    String name;
    while ((name = parser.nextName()) != null) {
      JsonToken token = parser.nextToken();
      switch (name) {
        case "type":
          type = token == JsonToken.VALUE_STRING ? parser.getString() : null;
          plain &= token == JsonToken.VALUE_STRING;
          break;
        case "text":
          text = token == JsonToken.VALUE_STRING ? parser.getString() : null;
          parser.skipChildren();
          break;
        case "thinking":
          thinking = token == JsonToken.VALUE_STRING ? parser.getString() : null;
          parser.skipChildren();
          break;
        case "partial_json":
          partialJson = token == JsonToken.VALUE_STRING ? parser.getString() : null;
          parser.skipChildren();
          break;
        default:
          parser.skipChildren();
          break;
      }
    }
    if (!plain || type == null) {
      return null;
    }
    switch (type) {
      case "text_delta":
        return text == null ? null : new String[] {type, text};
      case "thinking_delta":
        return thinking == null ? null : new String[] {type, thinking};
      case "input_json_delta":
        return partialJson == null ? null : new String[] {type, partialJson};
      default:
        return null;
    }
  }

  private void blockDelta(int index, JsonNode delta, EventSink sink) {
    String type = delta.path("type").asString("");
    String field;
    switch (type) {
      case "text_delta":
        field = "text";
        break;
      case "thinking_delta":
        field = "thinking";
        break;
      case "signature_delta":
        field = "signature";
        break;
      case "input_json_delta":
        field = "partial_json";
        break;
      default:
        field = null;
        break;
    }
    onDelta(index, type, field == null ? "" : delta.path(field).asString(""), sink);
  }

  /** Applies a delta of this type whose field (text, thinking, signature or partial JSON) holds this value. */
  private void onDelta(int index, String type, String value, EventSink sink) {
    Block block = blocks.get(index);
    if (block == null) {
      // Recorded streams (vercel/ai fixtures with server tools) hold text deltas under an index whose start named
      // another index: keep the text rather than fail the whole answer; other orphan deltas carry nothing usable.
      if (type.equals("text_delta")) {
        sink.emit(new StreamEvent.TextDelta(value));
      }
      return;
    }
    switch (type) {
      case "text_delta":
        if (block.kind == Kind.TEXT) {
          sink.emit(new StreamEvent.TextDelta(value));
        }
        break;
      case "thinking_delta":
        if (block.kind == Kind.THINKING) {
          String text = value;
          block.buffer.append(text);
          sink.emit(new StreamEvent.ReasoningDelta(text));
        }
        break;
      case "signature_delta":
        if (block.kind == Kind.THINKING) {
          block.signature = nonEmpty(value);
        }
        break;
      case "input_json_delta": {
        String json = value;
        if (json.isEmpty()) {
          break;
        }
        if (block.kind == Kind.TOOL) {
          block.buffer.append(json);
          sink.emit(new StreamEvent.ToolCallDelta(index, json));
        } else if (block.kind == Kind.RESPONSE_TOOL) {
          block.buffer.append(json);
          sink.emit(new StreamEvent.TextDelta(json));
        }
        break;
      }
      default:
        // citations_delta and deltas of blocks this library does not model
        break;
    }
  }

  private void blockStop(int index, EventSink sink) {
    Block block = blocks.remove(index);
    if (block == null) {
      return;
    }
    switch (block.kind) {
      case TOOL: {
        String arguments = block.buffer.length() == 0 ? "{}" : block.buffer.toString();
        sink.emit(new StreamEvent.ToolCallCompleted(index, ToolCall.of(block.id, block.name, arguments)));
        break;
      }
      case RESPONSE_TOOL:
        if (block.buffer.length() == 0) {
          sink.emit(new StreamEvent.TextDelta("{}"));
        }
        break;
      case THINKING:
        sink.emit(new StreamEvent.ReasoningCompleted(new Reasoning(block.buffer.toString(),
            Optional.ofNullable(block.signature), Optional.empty())));
        break;
      case REDACTED:
        sink.emit(new StreamEvent.ReasoningCompleted(Reasoning.redacted(block.buffer.toString())));
        break;
      default:
        break;
    }
  }

  private static String nonEmpty(String value) {
    return value.isEmpty() ? null : value;
  }

  private enum Kind { TEXT, THINKING, REDACTED, TOOL, RESPONSE_TOOL, OTHER }

  /** One open content block. */
  private static final class Block {
    final Kind kind;
    final StringBuilder buffer = new StringBuilder();
    String id;
    String name;
    String signature;

    Block(Kind kind) {
      this.kind = kind;
    }
  }
}
