package ai.beluga.llms.providers.openai;

import static ai.beluga.llms.internal.JsonFrames.intValue;
import static ai.beluga.llms.internal.JsonFrames.skip;
import static ai.beluga.llms.internal.JsonFrames.string;

import ai.beluga.llms.StreamEvent;
import ai.beluga.llms.errors.ErrorCode;
import ai.beluga.llms.errors.LlmException;
import ai.beluga.llms.internal.Json;
import ai.beluga.llms.internal.JsonFrames;
import ai.beluga.llms.spi.StreamDecoder;
import ai.beluga.llms.spi.ToolCallAssembler;
import ai.beluga.schema.FinishReason;
import java.net.http.HttpHeaders;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;

/**
 * Decodes one Chat Completions stream ({@code chat.completion.chunk} frames over SSE, ended by {@code data: [DONE]})
 * into {@link StreamEvent}s. Internal to the provider; one instance per stream, not thread-safe (the engine calls it
 * from one thread at a time).
 *
 * <p>Each frame is read once, straight from the engine's byte slice, with a streaming parser and a {@code switch} on
 * property names (STYLE section 6); only the rare parts a frame may carry (an {@code error}, {@code usage}, content
 * parts) are read as trees. The whole frame is read before its events are handed on, so a frame with an
 * {@code error} or broken JSON emits nothing. Where a name repeats, the last value counts.
 *
 * <p>The first frame gives {@code ResponseStarted} (id, model, and the head's request id and rate-limit headers).
 * {@code delta.content} is text (a string, or an array of parts whose {@code text} parts are joined),
 * {@code delta.refusal} is text too (and turns the finish reason into {@code CONTENT_FILTER}, as in
 * {@link OpenAiResponseDecoder}), {@code delta.reasoning_content} or {@code delta.reasoning} (or the
 * {@code thinking} parts of a content array) is reasoning. Tool-call fragments go to a {@link ToolCallAssembler} by
 * {@code index} (a fragment without one continues the call opened last, or opens the next one if it brings a new
 * id), and so does the legacy {@code delta.function_call}: the
 * start once the call's id and name are known, a {@code ToolCallDelta} per argument fragment, and
 * {@code ToolCallCompleted} only when the server closes the calls, with {@code finish_reason} or at {@code [DONE]};
 * arguments that happen to parse early do not close a call (DESIGN section 5).
 *
 * <p>{@code Finished} is emitted at {@code [DONE]}, after the usage chunk that {@code stream_options.include_usage}
 * sends after the finish reason; a server that sends no {@code [DONE]} gets its {@code Finished} when the body ends
 * after a finish reason. A body that ends with neither is a truncated stream: {@code NETWORK}. An {@code error}
 * object inside a frame is classified and thrown.
 */
final class OpenAiStreamDecoder implements StreamDecoder {
  private static final byte[] DONE = {'[', 'D', 'O', 'N', 'E', ']'};
  /**
   * The assembler's key of a legacy {@code function_call}: it has no index, and a stream carries either it or
   * {@code tool_calls}, whose indexes start at 0.
   */
  private static final int FUNCTION_CALL_KEY = -1;

  private final HttpHeaders headers;
  private final OpenAiErrorClassifier classifier;
  private final ToolCallAssembler toolCalls = new ToolCallAssembler(OpenAiProviderFactory.NAME);
  /** The events of the frame being read, handed on once the whole frame has parsed (reused for the stream). */
  private final ArrayList<StreamEvent> frameEvents = new ArrayList<>();
  private final EventSink frameSink = frameEvents::add;
  /** The choice being read (reused for the stream). */
  private final Choice choice = new Choice();
  /**
   * The highest {@code tool_calls} index open and the id its call sent, to place a fragment that has no index: a
   * server that omits them continues the call opened last, or opens the next one when the fragment brings a new id.
   */
  private int highestKey = -1;
  private String highestKeyId;
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
    frameEvents.clear();
    String id = null;
    String model = null;
    String fingerprint = null;
    JsonNode error = null;
    JsonNode usage = null;
    JsonNode groq = null;
    try (JsonParser parser = JsonFrames.parser(data, offset, length)) {
      if (!JsonFrames.startObject(parser)) {
        // Blank data or a value that is not an object carries nothing; a broken one still fails here.
        JsonFrames.requireEnd(parser);
        return;
      }
      String name;
      while ((name = parser.nextName()) != null) {
        JsonToken value = parser.nextToken();
        switch (name) {
          case "id":
            id = started ? skip(parser) : string(parser, value);
            break;
          case "model":
            model = started ? skip(parser) : string(parser, value);
            break;
          case "system_fingerprint":
            fingerprint = started ? skip(parser) : string(parser, value);
            break;
          case "choices":
            readChoices(parser, value);
            break;
          case "error":
            error = value == JsonToken.VALUE_NULL ? null : Json.SUBTREE.readTree(parser);
            break;
          case "usage":
            usage = value == JsonToken.START_OBJECT ? Json.SUBTREE.readTree(parser) : skip(parser);
            break;
          case "x_groq":
            groq = value == JsonToken.START_OBJECT ? Json.SUBTREE.readTree(parser) : skip(parser);
            break;
          default:
            parser.skipChildren();
            break;
        }
      }
      JsonFrames.requireEnd(parser);
    } catch (JacksonException e) {
      frameEvents.clear();
      throw LlmException.builder(ErrorCode.INVALID_RESPONSE, "a stream frame is not JSON")
          .provider(OpenAiProviderFactory.NAME).cause(e).build();
    } catch (LlmException e) {
      // A tool call that cannot complete (it never named its function): what the frame decoded before it goes first.
      handOn(sink, id, model, fingerprint);
      throw e;
    }
    if (error != null) {
      frameEvents.clear();
      throw classifier.classify(200, headers, error).build();
    }
    handOn(sink, id, model, fingerprint);
    if (usage == null && groq != null) {
      usage = groq.get("usage");
    }
    if (usage != null && usage.isObject()) {
      sink.emit(new StreamEvent.UsageReported(OpenAiUsage.of(usage)));
    }
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

  /** Emits {@code ResponseStarted} for the first frame, then the events the frame's choices decoded to. */
  private void handOn(EventSink sink, String id, String model, String fingerprint) {
    if (!started) {
      started = true;
      Map<String, String> metadata = OpenAiResponseDecoder.headerMetadata(headers);
      if (fingerprint != null) {
        metadata.put("system_fingerprint", fingerprint);
      }
      sink.emit(new StreamEvent.ResponseStarted(Optional.ofNullable(id), Optional.ofNullable(model), metadata));
    }
    for (int i = 0, n = frameEvents.size(); i < n; i++) {
      sink.emit(frameEvents.get(i));
    }
    frameEvents.clear();
  }

  /** Reads {@code choices}, the parser on its value, applying each choice with index 0 as it ends. */
  private void readChoices(JsonParser parser, JsonToken value) {
    if (value != JsonToken.START_ARRAY) {
      parser.skipChildren();
      return;
    }
    JsonToken element;
    while ((element = parser.nextToken()) != JsonToken.END_ARRAY) {
      if (element != JsonToken.START_OBJECT) {
        parser.skipChildren();
        continue;
      }
      readChoice(parser, choice);
      if (choice.index == 0) {
        apply(choice, frameSink);
      }
    }
  }

  /** Reads one choice object, the parser on its {@code START_OBJECT}. */
  private static void readChoice(JsonParser parser, Choice choice) {
    choice.index = 0;
    choice.finishReason = null;
    choice.clearDelta();
    JsonFrames.readFields(parser, choice, OpenAiStreamDecoder::readChoiceField);
  }

  /** Reads one field of a choice. */
  private static boolean readChoiceField(JsonParser parser, String name, JsonToken value, Choice choice) {
    switch (name) {
      case "index":
        choice.index = intValue(parser, value, 0);
        return true;
      case "finish_reason":
        choice.finishReason = string(parser, value);
        return true;
      case "delta":
        choice.clearDelta();
        if (value != JsonToken.START_OBJECT) {
          return false;
        }
        choice.delta = true;
        JsonFrames.readFields(parser, choice, OpenAiStreamDecoder::readDeltaField);
        return true;
      default:
        return false;
    }
  }

  /** Reads one field of a delta into the choice. */
  private static boolean readDeltaField(JsonParser parser, String name, JsonToken value, Choice choice) {
    switch (name) {
      case "content":
        // Mistral and some compatible servers send an array of parts.
        choice.contentParts = value == JsonToken.START_ARRAY ? Json.SUBTREE.readTree(parser) : null;
        choice.content = choice.contentParts == null ? string(parser, value) : null;
        return true;
      case "refusal":
        choice.refusal = string(parser, value);
        return true;
      case "reasoning_content":
        choice.reasoningContent = string(parser, value);
        return true;
      case "reasoning":
        choice.reasoning = string(parser, value);
        return true;
      case "tool_calls":
        choice.fragmentCount = 0;
        if (value != JsonToken.START_ARRAY) {
          return false;
        }
        JsonToken element;
        while ((element = parser.nextToken()) != JsonToken.END_ARRAY) {
          // An element that is not an object is a fragment with nothing in it, as a tree's get() would read it.
          Fragment fragment = choice.nextFragment();
          if (element == JsonToken.START_OBJECT) {
            JsonFrames.readFields(parser, fragment, OpenAiStreamDecoder::readFragmentField);
          } else {
            parser.skipChildren();
          }
        }
        return true;
      case "function_call":
        // The legacy single call (before tool_calls): a name and argument fragments, never an id or an index.
        choice.functionCall = null;
        if (value == JsonToken.START_OBJECT) {
          choice.functionCall = choice.legacy;
          choice.legacy.clear();
          JsonFrames.readFields(parser, choice.legacy, OpenAiStreamDecoder::readFunctionField);
          return true;
        }
        return false;
      default:
        return false;
    }
  }

  /** Reads one field of a {@code tool_calls[]} element. */
  private static boolean readFragmentField(JsonParser parser, String name, JsonToken value, Fragment fragment) {
    switch (name) {
      case "index":
        fragment.indexed = value == JsonToken.VALUE_NUMBER_INT || value == JsonToken.VALUE_NUMBER_FLOAT;
        fragment.index = intValue(parser, value, 0);
        return true;
      case "id":
        fragment.id = string(parser, value);
        return true;
      case "function":
        fragment.name = null;
        fragment.arguments = null;
        if (value != JsonToken.START_OBJECT) {
          return false;
        }
        JsonFrames.readFields(parser, fragment, OpenAiStreamDecoder::readFunctionField);
        return true;
      default:
        return false;
    }
  }

  /** Reads one field of a {@code function} (or legacy {@code function_call}) object: its name and arguments. */
  private static boolean readFunctionField(JsonParser parser, String name, JsonToken value, Fragment fragment) {
    switch (name) {
      case "name":
        fragment.name = string(parser, value);
        return true;
      case "arguments":
        fragment.arguments = string(parser, value);
        return true;
      default:
        return false;
    }
  }

  /** Turns one choice with index 0 into events. */
  private void apply(Choice choice, EventSink sink) {
    if (choice.delta) {
      String content = choice.contentParts != null ? OpenAiResponseDecoder.contentText(choice.contentParts)
          : choice.content;
      if (content != null && !content.isEmpty()) {
        sink.emit(new StreamEvent.TextDelta(content));
      }
      if (choice.refusal != null && !choice.refusal.isEmpty()) {
        refused = true;
        sink.emit(new StreamEvent.TextDelta(choice.refusal));
      }
      String reasoning = choice.reasoningContent != null ? choice.reasoningContent
          : choice.reasoning != null ? choice.reasoning
          : choice.contentParts != null ? OpenAiResponseDecoder.contentThinking(choice.contentParts) : "";
      if (!reasoning.isEmpty()) {
        sink.emit(new StreamEvent.ReasoningDelta(reasoning));
      }
      for (int i = 0; i < choice.fragmentCount; i++) {
        Fragment fragment = choice.fragments[i];
        String id = fragment.id != null && !fragment.id.isEmpty() ? fragment.id : null;
        int key;
        if (fragment.indexed) {
          key = fragment.index;
        } else {
          // Some compatible servers omit the index: a new id opens a new call, no id continues the last one.
          boolean continues = highestKey >= 0 && (id == null || id.equals(highestKeyId));
          key = highestKey < 0 ? 0 : continues ? highestKey : highestKey + 1;
        }
        if (key > highestKey) {
          highestKey = key;
          highestKeyId = id;
        } else if (key == highestKey && highestKeyId == null) {
          highestKeyId = id;
        }
        toolCalls.fragment(key, id, fragment.name, fragment.arguments, sink);
      }
      Fragment legacy = choice.functionCall;
      if (legacy != null) {
        // It never has an id: give it the one OpenAiResponseDecoder gives it, so that its deltas stream at once.
        String id = toolCalls.isOpen(FUNCTION_CALL_KEY) ? null : "call_" + toolCalls.nextIndex();
        toolCalls.fragment(FUNCTION_CALL_KEY, id, legacy.name, legacy.arguments, sink);
      }
    }
    if (choice.finishReason != null && !finishSeen) {
      finishSeen = true;
      rawReason = choice.finishReason;
      completeToolCalls(sink);
    }
  }

  private void completeToolCalls(EventSink sink) {
    highestKey = -1;
    highestKeyId = null;
    toolCalls.completeAll(sink);
  }

  private void finish(EventSink sink) {
    completeToolCalls(sink);
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

  /** What was read of one choice; one instance per decoder, cleared per choice. */
  private static final class Choice {
    private int index;
    private String finishReason;
    private boolean delta;
    private String content;
    private JsonNode contentParts;
    private String refusal;
    private String reasoningContent;
    private String reasoning;
    private Fragment[] fragments = new Fragment[2];
    private int fragmentCount;
    private final Fragment legacy = new Fragment();
    /** {@link #legacy} when the delta carried a {@code function_call}, else {@code null}. */
    private Fragment functionCall;

    void clearDelta() {
      delta = false;
      content = null;
      contentParts = null;
      refusal = null;
      reasoningContent = null;
      reasoning = null;
      fragmentCount = 0;
      functionCall = null;
    }

    Fragment nextFragment() {
      if (fragmentCount == fragments.length) {
        fragments = Arrays.copyOf(fragments, fragmentCount * 2);
      }
      Fragment fragment = fragments[fragmentCount];
      if (fragment == null) {
        fragment = new Fragment();
        fragments[fragmentCount] = fragment;
      }
      fragmentCount++;
      fragment.clear();
      return fragment;
    }
  }

  /** One tool-call fragment as read; reused. */
  private static final class Fragment {
    private boolean indexed;
    private int index;
    private String id;
    private String name;
    private String arguments;

    void clear() {
      indexed = false;
      index = 0;
      id = null;
      name = null;
      arguments = null;
    }
  }
}
