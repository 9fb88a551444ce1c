package ai.beluga.llms.spi;

import ai.beluga.llms.StreamEvent;
import ai.beluga.llms.errors.ErrorCode;
import ai.beluga.llms.errors.LlmException;
import ai.beluga.schema.ToolCall;
import java.util.Arrays;
import java.util.Objects;

/**
 * Tracks the tool calls of one streamed answer for a provider's {@link StreamDecoder}: a call is started (keyed by the
 * provider's index or by the provider's id), takes argument fragments, and is completed when the provider closes it.
 * It emits {@link StreamEvent.ToolCallStarted}, {@link StreamEvent.ToolCallDelta} and
 * {@link StreamEvent.ToolCallCompleted} through the decoder's {@link StreamDecoder.EventSink}, under this library's
 * own index: 0 for the first call the answer opens, 1 for the next, whatever the provider numbers them (Anthropic
 * numbers content blocks, text included).
 *
 * <p>A call is completed only by {@link #complete(int, StreamDecoder.EventSink)} (an explicit close, such as
 * Anthropic's {@code content_block_stop}) or {@link #completeAll(StreamDecoder.EventSink)} (the finish or the end of
 * the stream, for wires such as Chat Completions that never close a call on its own), never because the arguments
 * so far parse as JSON: {@code {"a":1}} parses, yet the next fragment may add a second member (DESIGN section 5;
 * vercel/ai {@code streaming-tool-call-tracker.ts}, #13137).
 *
 * <p>{@code ToolCallStarted} is emitted once the call's id and name are both known; arguments that arrive before
 * that are sent as one {@code ToolCallDelta} right after it. A call completed without an id gets {@code call_} and
 * our index ({@code call_0}, {@code call_1}), so that its result can refer to it; one completed without a name is an
 * {@code INVALID_RESPONSE}. Empty fragments are dropped; a call with no arguments completes with {@code {}}.
 *
 * <p>Bad input (a fragment or close for a call that is not open, a second start under an open key, a call that never
 * named its tool) throws {@link LlmException} with {@link ErrorCode#INVALID_RESPONSE} naming the provider, which
 * ends the stream as any decoder failure does.
 *
 * <p>Not thread-safe: one instance per stream, used by its decoder (called by one thread at a time). It allocates
 * the events, one small object per call and, only for a call whose arguments come in more than one fragment, one
 * {@code StringBuilder}.
 *
 * <pre>{@code
 * private final ToolCallAssembler toolCalls = new ToolCallAssembler("acme");
 * // content_block_start of a tool_use block at index 1:
 * toolCalls.start(1, "toolu_01", "get_weather", sink);  // ToolCallStarted(0, "toolu_01", "get_weather")
 * toolCalls.delta(1, "{\"city\":", sink);                // ToolCallDelta(0, "{\"city\":")
 * toolCalls.delta(1, "\"Oslo\"}", sink);                 // ToolCallDelta(0, "\"Oslo\"}")
 * toolCalls.complete(1, sink);                           // ToolCallCompleted(0, ToolCall(..., "{\"city\":\"Oslo\"}"))
 * }</pre>
 *
 * @since 0.1.0
 */
public final class ToolCallAssembler {
  private final String provider;
  /** The open calls, in the order they were opened (so in our index order). */
  private Call[] open = new Call[4];
  private int openCount;
  private int nextIndex;

  /**
   * Creates an assembler for one stream.
   *
   * @param provider the provider's name, for the messages of the exceptions it throws
   * @since 0.1.0
   */
  public ToolCallAssembler(String provider) {
    this.provider = Objects.requireNonNull(provider, "provider");
  }

  /**
   * Starts a call keyed by the provider's index (such as Anthropic's content block index).
   *
   * @param key the provider's index of the call
   * @param id the provider's id for the call, or {@code null} (or empty) if it sends it later or never
   * @param name the tool's name, or {@code null} (or empty) if it is sent later
   * @param sink where the events go
   * @return our index of the call
   * @throws LlmException with {@code INVALID_RESPONSE} if a call under this key is open already
   * @since 0.1.0
   */
  public int start(int key, String id, String name, StreamDecoder.EventSink sink) {
    if (find(key) != null) {
      throw invalid("a streamed tool call (index " + key + ") was started a second time");
    }
    Call call = open(key, null, false);
    call.learn(id, name);
    announce(call, sink);
    return call.index;
  }

  /**
   * Starts a call keyed by the provider's id for it (for wires whose fragments name the call by id).
   *
   * @param id the provider's id for the call
   * @param name the tool's name, or {@code null} (or empty) if it is sent later
   * @param sink where the events go
   * @return our index of the call
   * @throws LlmException with {@code INVALID_RESPONSE} if a call with this id is open already
   * @since 0.1.0
   */
  public int start(String id, String name, StreamDecoder.EventSink sink) {
    Objects.requireNonNull(id, "id");
    if (find(id) != null) {
      throw invalid("a streamed tool call (id " + id + ") was started a second time");
    }
    Call call = open(0, id, true);
    call.learn(id, name);
    announce(call, sink);
    return call.index;
  }

  /**
   * Adds an arguments fragment to the open call under the provider's index.
   *
   * @param key the provider's index of the call
   * @param argumentsDelta the next characters of the arguments; an empty one is dropped
   * @param sink where the events go
   * @throws LlmException with {@code INVALID_RESPONSE} if no call under this key is open
   * @since 0.1.0
   */
  public void delta(int key, String argumentsDelta, StreamDecoder.EventSink sink) {
    Call call = find(key);
    if (call == null) {
      throw invalid("a streamed tool call fragment names index " + key + ", which no open call has");
    }
    append(call, argumentsDelta, sink);
  }

  /**
   * Adds an arguments fragment to the open call with this provider id.
   *
   * @param id the provider's id for the call
   * @param argumentsDelta the next characters of the arguments; an empty one is dropped
   * @param sink where the events go
   * @throws LlmException with {@code INVALID_RESPONSE} if no call with this id is open
   * @since 0.1.0
   */
  public void delta(String id, String argumentsDelta, StreamDecoder.EventSink sink) {
    Call call = find(Objects.requireNonNull(id, "id"));
    if (call == null) {
      throw invalid("a streamed tool call fragment names id " + id + ", which no open call has");
    }
    append(call, argumentsDelta, sink);
  }

  /**
   * Applies one fragment of a wire whose first fragment of a call is its start (Chat Completions'
   * {@code delta.tool_calls[]}): opens the call under the provider's index if none is open, takes the id and the name
   * if the call has none yet (the first sent wins), then the arguments fragment.
   *
   * @param key the provider's index of the call
   * @param id the call's id if this fragment carries one, else {@code null} (or empty)
   * @param name the tool's name if this fragment carries one, else {@code null} (or empty)
   * @param argumentsDelta the next characters of the arguments, or {@code null} (or empty) for none
   * @param sink where the events go
   * @throws LlmException never for a well-formed fragment; see {@link #completeAll(StreamDecoder.EventSink)}
   * @since 0.1.0
   */
  public void fragment(int key, String id, String name, String argumentsDelta, StreamDecoder.EventSink sink) {
    Call call = find(key);
    if (call == null) {
      call = open(key, null, false);
    }
    fragment(call, id, name, argumentsDelta, sink);
  }

  /**
   * Completes the open call under the provider's index: the provider closed it.
   *
   * @param key the provider's index of the call
   * @param sink where the events go
   * @throws LlmException with {@code INVALID_RESPONSE} if no call under this key is open, or the call never named
   *     its tool
   * @since 0.1.0
   */
  public void complete(int key, StreamDecoder.EventSink sink) {
    for (int i = 0; i < openCount; i++) {
      Call call = open[i];
      if (!call.byId && call.key == key) {
        remove(i);
        finish(call, sink);
        return;
      }
    }
    throw invalid("a streamed tool call close names index " + key + ", which no open call has");
  }

  /**
   * Completes the open call with this provider id: the provider closed it.
   *
   * @param id the provider's id for the call
   * @param sink where the events go
   * @throws LlmException with {@code INVALID_RESPONSE} if no call with this id is open, or the call never named its
   *     tool
   * @since 0.1.0
   */
  public void complete(String id, StreamDecoder.EventSink sink) {
    Objects.requireNonNull(id, "id");
    for (int i = 0; i < openCount; i++) {
      Call call = open[i];
      if (call.byId && id.equals(call.keyId)) {
        remove(i);
        finish(call, sink);
        return;
      }
    }
    throw invalid("a streamed tool call close names id " + id + ", which no open call has");
  }

  /**
   * Completes every open call, in the order they were opened: the provider closed them all (a finish reason, or the
   * end of the stream on a wire with no per-call close). Does nothing when none is open.
   *
   * @param sink where the events go
   * @throws LlmException with {@code INVALID_RESPONSE} if a call never named its tool
   * @since 0.1.0
   */
  public void completeAll(StreamDecoder.EventSink sink) {
    int count = openCount;
    for (int i = 0; i < count; i++) {
      Call call = open[i];
      open[i] = null;
      finish(call, sink);
    }
    openCount = 0;
  }

  /**
   * Tells whether a call under the provider's index is open.
   *
   * @param key the provider's index
   * @return whether a call under the key is open
   * @since 0.1.0
   */
  public boolean isOpen(int key) {
    return find(key) != null;
  }

  /**
   * Tells the index the next call opened will get, for a wire that sends no ids, so that a decoder can name a call
   * before it opens it ({@code "call_" + nextIndex()}) and let its start and fragments stream at once.
   *
   * @return our index of the next call
   * @since 0.1.0
   */
  public int nextIndex() {
    return nextIndex;
  }

  /**
   * Tells whether any call is open.
   *
   * @return whether a call is open
   * @since 0.1.0
   */
  public boolean hasOpenCalls() {
    return openCount > 0;
  }

  private Call open(int key, String keyId, boolean byId) {
    if (openCount == open.length) {
      open = Arrays.copyOf(open, openCount * 2);
    }
    Call call = new Call(key, keyId, byId, nextIndex++);
    open[openCount++] = call;
    return call;
  }

  private void fragment(Call call, String id, String name, String argumentsDelta, StreamDecoder.EventSink sink) {
    call.learn(id, name);
    if (!call.started) {
      call.append(argumentsDelta);
      announce(call, sink);
    } else {
      append(call, argumentsDelta, sink);
    }
  }

  /** Emits the start, and the arguments held so far, once the id and the name are known. */
  private static void announce(Call call, StreamDecoder.EventSink sink) {
    if (call.started || call.id == null || call.name == null) {
      return;
    }
    call.started = true;
    sink.emit(new StreamEvent.ToolCallStarted(call.index, call.id, call.name));
    if (call.hasArguments()) {
      sink.emit(new StreamEvent.ToolCallDelta(call.index, call.arguments()));
    }
  }

  private static void append(Call call, String argumentsDelta, StreamDecoder.EventSink sink) {
    if (argumentsDelta == null || argumentsDelta.isEmpty()) {
      return;
    }
    call.append(argumentsDelta);
    if (call.started) {
      sink.emit(new StreamEvent.ToolCallDelta(call.index, argumentsDelta));
    }
  }

  private void finish(Call call, StreamDecoder.EventSink sink) {
    if (call.name == null) {
      throw invalid("a streamed tool call (" + (call.byId ? "id " + call.keyId : "index " + call.key)
          + ") never named its function");
    }
    if (!call.started) {
      // A server that never sent an id: name the call by our index, so that its result can refer to it.
      call.id = call.id == null ? "call_" + call.index : call.id;
      announce(call, sink);
    }
    String arguments = call.hasArguments() ? call.arguments() : "{}";
    sink.emit(new StreamEvent.ToolCallCompleted(call.index, ToolCall.of(call.id, call.name, arguments)));
  }

  private Call find(int key) {
    for (int i = 0; i < openCount; i++) {
      Call call = open[i];
      if (!call.byId && call.key == key) {
        return call;
      }
    }
    return null;
  }

  private Call find(String id) {
    for (int i = 0; i < openCount; i++) {
      Call call = open[i];
      if (call.byId && id.equals(call.keyId)) {
        return call;
      }
    }
    return null;
  }

  private void remove(int i) {
    System.arraycopy(open, i + 1, open, i, openCount - i - 1);
    open[--openCount] = null;
  }

  private LlmException invalid(String message) {
    return LlmException.builder(ErrorCode.INVALID_RESPONSE, message).provider(provider).build();
  }

  /** One open call. */
  private static final class Call {
    private final int key;
    private final String keyId;
    private final boolean byId;
    private final int index;
    private String id;
    private String name;
    private boolean started;
    /** The arguments while they are one fragment; {@link #more} once there is a second. */
    private String single;
    private StringBuilder more;

    Call(int key, String keyId, boolean byId, int index) {
      this.key = key;
      this.keyId = keyId;
      this.byId = byId;
      this.index = index;
    }

    /** Takes an id and a name this call does not have yet; empty ones count as absent. */
    void learn(String id, String name) {
      if (this.id == null && id != null && !id.isEmpty()) {
        this.id = id;
      }
      if (this.name == null && name != null && !name.isEmpty()) {
        this.name = name;
      }
    }

    void append(String fragment) {
      if (fragment == null || fragment.isEmpty()) {
        return;
      }
      if (more != null) {
        more.append(fragment);
      } else if (single == null) {
        single = fragment;
      } else {
        more = new StringBuilder(Math.max(64, 2 * (single.length() + fragment.length()))).append(single)
            .append(fragment);
        single = null;
      }
    }

    boolean hasArguments() {
      return single != null || more != null;
    }

    String arguments() {
      return more != null ? more.toString() : single;
    }
  }
}
