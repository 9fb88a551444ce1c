package ai.beluga.llms.testkit;

import ai.beluga.llms.ChatModel;
import ai.beluga.llms.assembly.LlmOption;
import ai.beluga.llms.errors.ErrorCode;
import ai.beluga.schema.FinishReason;
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
import java.util.function.Function;

/**
 * A data-driven {@link ContractTarget} for a provider on the HTTP engine: it owns every scenario of the contract
 * suite (which frames a stream sends in which order, how it is cut into network chunks, when the connection is cut
 * or held open, which errors come with which status and retry hint, how the health probe is answered) and the stub
 * wiring behind them, and asks the subclass only for the provider's <em>wire snippets</em>: a JSON answer body, the
 * stream frames of each part of an answer, an error body and error frame, and the table of its errors.
 *
 * <p>Each {@code script...} call starts a fresh {@link StubServer} through a {@link StubBackend} (which closes the
 * server before, ending any exchange still held open), queues the scenario's answer on it, and asks
 * {@link #model(URI, LlmOption...)} for a model pointed at it. Targets derived by {@link #withOptions(LlmOption...)}
 * share the base target's backend: a derived target's scenario replaces the base's, its hooks can be read from
 * either, and closing the base closes it.
 *
 * <p>Streams are built from frames: {@link #startFrames(Usage)}, then the parts of the answer (reasoning, text or
 * tool calls, each opened, sent in deltas of {@value #DELTA_CODE_POINTS} code points and closed), then
 * {@link #finishFrames(FinishReason, Usage)}. A complete stream is sent in network chunks of
 * {@value #NETWORK_CHUNK_BYTES} bytes, so that chunk boundaries fall inside frames and inside multi-byte UTF-8
 * sequences, as they can on a real connection.
 *
 * <p>A provider's target, in outline (the test kit's own tests hold a complete one, {@code ReferenceContractTarget},
 * for a made-up wire format):
 *
 * <pre>{@code
 * final class AcmeContractTarget extends HttpContractTarget {
 *   AcmeContractTarget(HttpClient client, ScheduledExecutorService scheduler) {
 *     super("acme", "acme", Framing.SSE, "/v1/chat", client, scheduler);
 *   }
 *
 *   private AcmeContractTarget(AcmeContractTarget base, LlmOption... extra) {
 *     super(base, extra);
 *   }
 *
 *   public ContractTarget withOptions(LlmOption... extra) { return new AcmeContractTarget(this, extra); }
 *
 *   public Set<Capability> capabilities() {   // all by default; Acme has no reasoning and streams no tool calls
 *     return EnumSet.complementOf(EnumSet.of(Capability.REASONING, Capability.STREAMED_TOOLS));
 *   }
 *
 *   protected ChatModel model(URI baseUri, LlmOption... options) {
 *     return Acme.chatModel(AcmeConfig.builder().apiKey(Secret.of("k")).baseUrl(baseUri).build(), options);
 *   }
 *
 *   protected List<WireError> errorTable() {
 *     return List.of(WireError.of(ErrorCode.AUTHENTICATION, 401, "auth_error", null),
 *         WireError.of(ErrorCode.RATE_LIMIT, 429, "rate_limited", null).alsoMidStream());
 *   }
 *
 *   protected String answerBody(Answer answer) { ... }           // {"text": ..., "finish": ...}
 *   protected List<String> startFrames(Usage usage) { ... }     // {"type": "start"}
 *   protected String textDelta(int block, String part) { ... }  // {"type": "text", "text": ...}
 *   protected List<String> finishFrames(FinishReason reason, Usage usage) { ... }
 *   protected String errorBody(WireError error) { ... }
 *   protected String errorFrame(WireError error) { ... }
 *   protected String healthPath() { return "/v1/models"; }
 *   protected String healthyBody() { return "{\"data\":[]}"; }
 *   // and lastRequestToolNames() and lastRequestResponseSchema(), parsed from lastRequestBody()
 * }
 * }</pre>
 *
 * <p>Not thread-safe beyond what the suite needs: scripting happens on one thread; the hooks may be polled from
 * another.
 *
 * @since 0.1.0
 */
public abstract class HttpContractTarget implements ContractTarget, AutoCloseable {
  /**
   * Code points per text, reasoning or argument delta: small, so that every scripted text spans several deltas.
   *
   * @since 0.1.0
   */
  public static final int DELTA_CODE_POINTS = 8;
  /**
   * Bytes per network chunk of a streamed answer: odd, so that chunks end inside frames and UTF-8 sequences.
   *
   * @since 0.1.0
   */
  public static final int NETWORK_CHUNK_BYTES = 13;
  /**
   * The frame of a stream that is not JSON, and the body of an answer that is not JSON.
   *
   * @since 0.1.0
   */
  public static final String NOT_JSON = "{this is not json";
  /** The text of each delta of an endless stream. */
  private static final String ENDLESS_TEXT = "endless ";
  /** The pause between the deltas of an endless stream. */
  private static final Duration ENDLESS_PACE = Duration.ofMillis(5);
  /** 12,000 deltas 5 ms apart: a minute, far longer than any test (each of which has 20 seconds). */
  private static final int ENDLESS_DELTAS = 12_000;
  /** How long a stalled stream is held open, sending only keep-alives, if the client does not leave first. */
  private static final Duration STALL = Duration.ofSeconds(60);
  /** What the request-id header of a successful answer carries. */
  private static final String ANSWER_REQUEST_ID = "req_contract";

  private final String name;
  private final String provider;
  private final Framing framing;
  private final HttpClient client;
  private final ScheduledExecutorService scheduler;
  private final LlmOption[] options;
  /** The backend and the endless stream, shared with every target derived from this one. */
  private final Shared shared;

  /**
   * Creates a target with no server yet.
   *
   * @param name the name shown in test names
   * @param provider the provider name its models report, such as {@code openai}
   * @param framing how the provider frames its streams
   * @param chatPath the path of the chat endpoint ({@code POST}), such as {@code /v1/chat/completions}; only requests
   *     to it count as chat requests
   * @param client the HTTP client every model uses
   * @param scheduler the scheduler every model uses for deadlines
   * @param options options every model is built with, after the target's own (which switch retries off)
   * @since 0.1.0
   */
  protected HttpContractTarget(String name, String provider, Framing framing, String chatPath, HttpClient client,
      ScheduledExecutorService scheduler, LlmOption... options) {
    this.name = Objects.requireNonNull(name, "name");
    this.provider = Objects.requireNonNull(provider, "provider");
    this.framing = Objects.requireNonNull(framing, "framing");
    this.client = Objects.requireNonNull(client, "client");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.options = options.clone();
    this.shared = new Shared(new StubBackend("POST", Objects.requireNonNull(chatPath, "chatPath")));
  }

  /**
   * Creates a target like {@code base} whose models are also built with these options, sharing its backend: what
   * a subclass's {@link #withOptions(LlmOption...)} calls.
   *
   * @param base the target to derive from
   * @param extra options added after the base target's own, which they win over
   * @since 0.1.0
   */
  protected HttpContractTarget(HttpContractTarget base, LlmOption... extra) {
    this.name = base.name;
    this.provider = base.provider;
    this.framing = base.framing;
    this.client = base.client;
    this.scheduler = base.scheduler;
    this.options = StubBackend.concat(base.options, extra);
    this.shared = base.shared;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // What the subclass supplies

  /**
   * Returns a target like this one whose models are also built with these options; implement it as
   * {@code return new AcmeContractTarget(this, extra);} over {@link #HttpContractTarget(HttpContractTarget,
   * LlmOption...)}.
   *
   * @param extra options added after the target's own
   * @return the derived target, sharing this one's backend
   * @since 0.1.0
   */
  @Override
  public abstract ContractTarget withOptions(LlmOption... extra);

  /**
   * Builds the model a scenario calls, the way users build one (the provider's entry point or factory).
   *
   * @param baseUri the stub server's address, such as {@code http://127.0.0.1:40123}, with no path
   * @param options the options to build it with: this target's HTTP client, scheduler, retries off, then the
   *     target's own options
   * @return the model
   * @since 0.1.0
   */
  protected abstract ChatModel model(URI baseUri, LlmOption... options);

  /**
   * {@return the provider's HTTP errors, one row per code of {@link #errorCodes()}}
   *
   * <p>{@code NETWORK} (a cut connection) and {@code INVALID_RESPONSE} (a 200 answer that is not JSON) are added by
   * this class, for chat and mid-stream; leave them out.
   *
   * @since 0.1.0
   */
  protected abstract List<WireError> errorTable();

  /**
   * {@return the body of a non-streamed 200 answer, as the provider sends it}
   *
   * @param answer what the body holds
   * @since 0.1.0
   */
  protected abstract String answerBody(Answer answer);

  /**
   * {@return the frames that open a stream, enough for its {@code ResponseStarted} event}
   *
   * @param usage the usage to report where the provider reports it at the start; empty for most scenarios
   * @since 0.1.0
   */
  protected abstract List<String> startFrames(Usage usage);

  /**
   * {@return the frame of one text delta}
   *
   * @param block the content block's index: 0, or 1 after a reasoning block
   * @param part the text, a few whole code points
   * @since 0.1.0
   */
  protected abstract String textDelta(int block, String part);

  /**
   * {@return the frames that end a complete stream: the finish, usage where the provider sends it there, and the
   * end-of-stream marker}
   *
   * @param reason {@code STOP}, {@code LENGTH} or {@code TOOL_CALLS}
   * @param usage the usage to report; empty when the scenario reports none
   * @since 0.1.0
   */
  protected abstract List<String> finishFrames(FinishReason reason, Usage usage);

  /**
   * {@return the body of an HTTP error, as the provider sends it}
   *
   * @param error the row of {@link #errorTable()}
   * @since 0.1.0
   */
  protected abstract String errorBody(WireError error);

  /**
   * {@return the frame that fails a stream after HTTP 200}
   *
   * @param error a row of {@link #errorTable()} marked {@link WireError#midStream()}
   * @since 0.1.0
   */
  protected abstract String errorFrame(WireError error);

  /**
   * {@return the path the health probe asks with {@code GET}, such as {@code /v1/models}}
   *
   * @since 0.1.0
   */
  protected abstract String healthPath();

  /**
   * {@return the body of a successful health probe}
   *
   * @since 0.1.0
   */
  protected abstract String healthyBody();

  /**
   * {@return the frames that open a text block before its deltas}
   *
   * @implSpec The default returns none: most wires have no text blocks.
   * @param block the content block's index
   * @since 0.1.0
   */
  protected List<String> openText(int block) {
    return List.of();
  }

  /**
   * {@return the frames that close a text block after its deltas}
   *
   * @implSpec The default returns none.
   * @param block the content block's index
   * @since 0.1.0
   */
  protected List<String> closeText(int block) {
    return List.of();
  }

  /**
   * {@return the frame of one reasoning delta} Required by {@link Capability#REASONING}.
   *
   * @implSpec The default throws {@code UnsupportedOperationException}.
   * @param block the content block's index: 0
   * @param part the reasoning text, a few whole code points
   * @since 0.1.0
   */
  protected String reasoningDelta(int block, String part) {
    throw notImplemented(Capability.REASONING, "reasoningDelta");
  }

  /**
   * {@return the frames that open a reasoning block before its deltas}
   *
   * @implSpec The default returns none.
   * @param block the content block's index
   * @since 0.1.0
   */
  protected List<String> openReasoning(int block) {
    return List.of();
  }

  /**
   * {@return the frames that close a reasoning block after its deltas, such as its signature}
   *
   * @implSpec The default returns none.
   * @param block the content block's index
   * @since 0.1.0
   */
  protected List<String> closeReasoning(int block) {
    return List.of();
  }

  /**
   * {@return the frames that open a streamed tool call: its id and name} Required by
   * {@link Capability#STREAMED_TOOLS}.
   *
   * @implSpec The default throws {@code UnsupportedOperationException}.
   * @param index the call's index in the answer, also its content block's
   * @param call the call
   * @since 0.1.0
   */
  protected List<String> openToolCall(int index, ToolCall call) {
    throw notImplemented(Capability.STREAMED_TOOLS, "openToolCall");
  }

  /**
   * {@return the frame of one fragment of a streamed tool call's arguments} Required by
   * {@link Capability#STREAMED_TOOLS}.
   *
   * @implSpec The default throws {@code UnsupportedOperationException}.
   * @param index the call's index in the answer
   * @param fragment a few code points of the arguments' JSON text
   * @since 0.1.0
   */
  protected String toolCallDelta(int index, String fragment) {
    throw notImplemented(Capability.STREAMED_TOOLS, "toolCallDelta");
  }

  /**
   * {@return the frames that close a streamed tool call}
   *
   * @implSpec The default returns none: the next call or the finish closes it.
   * @param index the call's index in the answer
   * @since 0.1.0
   */
  protected List<String> closeToolCall(int index) {
    return List.of();
  }

  /**
   * {@return a frame that is not JSON, with which a stream fails as {@code INVALID_RESPONSE}}
   *
   * @implSpec The default returns {@link #NOT_JSON}, framed as every frame is.
   * @since 0.1.0
   */
  protected String invalidFrame() {
    return NOT_JSON;
  }

  /**
   * {@return the name of the header that carries the request id on every answer and error}
   *
   * @implSpec The default returns {@code x-request-id}.
   * @since 0.1.0
   */
  protected String requestIdHeader() {
    return "x-request-id";
  }

  /**
   * Adds the retry hint of {@link #SCRIPTED_RETRY_AFTER} to a {@code RATE_LIMIT} error response. A provider that
   * sends its hint in the body puts it in {@link #errorBody(WireError)} instead, and overrides this to add nothing.
   *
   * @implSpec The default adds {@code Retry-After: 2}.
   * @param response the error response
   * @return the response with the hint
   * @since 0.1.0
   */
  protected StubResponse withRetryHint(StubResponse response) {
    return response.header("Retry-After", Long.toString(SCRIPTED_RETRY_AFTER.toSeconds()));
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The contract, in terms of the snippets

  @Override
  public String name() {
    return name;
  }

  @Override
  public final String provider() {
    return provider;
  }

  /**
   * {@return every capability}
   *
   * @implSpec The default returns them all. The scenarios behind most are this class's own; those that need a
   *     snippet the subclass did not write ({@link #reasoningDelta(int, String)}, {@link #openToolCall(int,
   *     ToolCall)}) fail loudly, so a provider without one removes it here.
   */
  @Override
  public Set<Capability> capabilities() {
    return EnumSet.allOf(Capability.class);
  }

  @Override
  public boolean sendsHttp() {
    return true;
  }

  /** {@return the codes of {@link #errorTable()}, and {@code NETWORK} and {@code INVALID_RESPONSE}} */
  @Override
  public final Set<ErrorCode> errorCodes() {
    return EnumSet.copyOf(errors().keySet());
  }

  /** {@return a cut connection, a frame that is not JSON, and the rows marked {@link WireError#midStream()}} */
  @Override
  public final Set<ErrorCode> midStreamErrorCodes() {
    Set<ErrorCode> codes = EnumSet.noneOf(ErrorCode.class);
    errors().forEach((code, error) -> {
      if (error.midStream()) {
        codes.add(code);
      }
    });
    return codes;
  }

  @Override
  public final OptionalInt scriptedHttpStatus(ErrorCode code) {
    WireError error = errors().get(code);
    return error == null || error.status() == 0 ? OptionalInt.empty() : OptionalInt.of(error.status());
  }

  @Override
  public ChatModel scriptText(String text, Usage usage) {
    return answer(json(new Answer(text, "", List.of(), false, usage, FinishReason.STOP)));
  }

  @Override
  public ChatModel scriptStream(String text, Usage usage) {
    List<String> frames = new ArrayList<>(startFrames(usage));
    frames.addAll(textFrames(0, text));
    frames.addAll(finishFrames(FinishReason.STOP, usage));
    return answer(chunked(frames));
  }

  @Override
  public ChatModel scriptTruncated(String text) {
    return answer(json(new Answer(text, "", List.of(), false, Usage.empty(), FinishReason.LENGTH)));
  }

  @Override
  public ChatModel scriptStreamTruncated(String text) {
    List<String> frames = new ArrayList<>(startFrames(Usage.empty()));
    frames.addAll(textFrames(0, text));
    frames.addAll(finishFrames(FinishReason.LENGTH, Usage.empty()));
    return answer(chunked(frames));
  }

  @Override
  public ChatModel scriptToolCalls(List<ToolCall> calls) {
    return answer(json(new Answer("", "", calls, false, Usage.empty(), FinishReason.TOOL_CALLS)));
  }

  @Override
  public ChatModel scriptStreamedToolCalls(List<ToolCall> calls) {
    List<String> frames = new ArrayList<>(startFrames(Usage.empty()));
    for (int i = 0; i < calls.size(); i++) {
      int index = i;
      frames.addAll(block(openToolCall(index, calls.get(index)), calls.get(index).arguments(),
          fragment -> toolCallDelta(index, fragment), closeToolCall(index)));
    }
    frames.addAll(finishFrames(FinishReason.TOOL_CALLS, Usage.empty()));
    return answer(chunked(frames));
  }

  @Override
  public ChatModel scriptStructured(String json) {
    return answer(json(new Answer(json, "", List.of(), true, Usage.empty(), FinishReason.STOP)));
  }

  @Override
  public ChatModel scriptReasoning(String reasoning, String text) {
    return answer(json(new Answer(text, reasoning, List.of(), false, Usage.empty(), FinishReason.STOP)));
  }

  @Override
  public ChatModel scriptStreamedReasoning(String reasoning, String text) {
    List<String> frames = new ArrayList<>(startFrames(Usage.empty()));
    frames.addAll(block(openReasoning(0), reasoning, part -> reasoningDelta(0, part), closeReasoning(0)));
    frames.addAll(textFrames(1, text));
    frames.addAll(finishFrames(FinishReason.STOP, Usage.empty()));
    return answer(chunked(frames));
  }

  /**
   * Scripts the wire error of a code: the row's status and {@link #errorBody(WireError) body}, with the request id
   * and, for {@code RATE_LIMIT}, the retry hint; {@code NETWORK} is a connection cut right after a 200 status line
   * and headers; {@code INVALID_RESPONSE} is a 200 answer that is not JSON, framed so that a stream reads it as one
   * frame.
   */
  @Override
  public ChatModel scriptError(ErrorCode code) {
    switch (code) {
      case NETWORK:
        return answer(paced(startFrames(Usage.empty())).disconnectAfter(0));
      case INVALID_RESPONSE:
        return answer(paced(List.of(invalidFrame())));
      default:
        return answer(errorResponse(code));
    }
  }

  @Override
  public ChatModel scriptStreamFailingMidway(String textBefore, ErrorCode code) {
    // The text block is left open: the stream breaks off in the middle of it.
    List<String> frames = new ArrayList<>(startFrames(Usage.empty()));
    frames.addAll(block(openText(0), textBefore, part -> textDelta(0, part), List.of()));
    if (code == ErrorCode.NETWORK) {
      return answer(chunked(frames).disconnect());
    }
    frames.add(code == ErrorCode.INVALID_RESPONSE ? invalidFrame() : errorFrame(row(code)));
    return answer(chunked(frames));
  }

  @Override
  public ChatModel scriptSlow(Duration delay) {
    return answer(json(new Answer("too late", "", List.of(), false, Usage.empty(), FinishReason.STOP)).delay(delay));
  }

  @Override
  public ChatModel scriptEndlessStream() {
    return answer(shared.endless(this));
  }

  @Override
  public ChatModel scriptStalledStream() {
    // The start goes out at once; then only keep-alives (an SSE comment, a blank NDJSON line), which carry no event,
    // until the client leaves: each one is a write that fails once the connection is gone.
    return answer(paced(startFrames(Usage.empty())).holdOpen(STALL));
  }

  /**
   * Waits for the server to see the client of the last chat or stream request go away: a write to its connection
   * failed. A stream the server finished or cut itself does not count.
   */
  @Override
  public boolean awaitCancelled(Duration timeout) {
    return shared.backend.awaitCancelled(timeout);
  }

  @Override
  public ChatModel scriptHealthy() {
    return health(StubResponse.json(200, healthyBody()).header(requestIdHeader(), ANSWER_REQUEST_ID));
  }

  @Override
  public ChatModel scriptUnhealthy(ErrorCode code) {
    return health(errorResponse(code));
  }

  @Override
  public ChatModel scriptHealthRateLimited() {
    return health(errorResponse(ErrorCode.RATE_LIMIT));
  }

  @Override
  public int requestCount() {
    return shared.backend.requestCount();
  }

  @Override
  public Optional<String> lastRequestHeader(String headerName) {
    return shared.backend.lastRequestHeader(headerName);
  }

  /**
   * Returns the body of the last chat request the current server received, from which a subclass reads the tool
   * names and response schema the request carried.
   *
   * @return the body as UTF-8 text, or {@code {}} if there was no chat request
   * @since 0.1.0
   */
  protected final String lastRequestBody() {
    return shared.backend.lastChatRequest().map(RecordedRequest::bodyAsString).orElse("{}");
  }

  /** Closes the server of the last scenario, also when a derived target scripted it. */
  @Override
  public void close() {
    shared.backend.close();
  }

  @Override
  public String toString() {
    return name;
  }

  /**
   * Splits text into parts of {@value #DELTA_CODE_POINTS} code points, never inside a surrogate pair, since each
   * part becomes a JSON string of its own.
   *
   * @param whole the text
   * @return the parts, which join to the whole; none for empty text
   * @since 0.1.0
   */
  protected static List<String> split(String whole) {
    List<String> parts = new ArrayList<>();
    int start = 0;
    while (start < whole.length()) {
      int end = whole.offsetByCodePoints(start,
          Math.min(DELTA_CODE_POINTS, whole.codePointCount(start, whole.length())));
      parts.add(whole.substring(start, end));
      start = end;
    }
    return parts;
  }

  /**
   * {@return one server-sent event with a name, for a {@link Framing#SSE_EVENTS} wire}
   *
   * @param type the event's name
   * @param data the event's data, one line
   * @since 0.1.0
   */
  protected static String sseEvent(String type, String data) {
    return "event: " + type + "\ndata: " + data + "\n\n";
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Servers, models and responses

  private ChatModel answer(StubResponse response) {
    StubServer next = shared.backend.nextServer();
    // Queued, not routed: the scripted answer serves the next call only, and a second call would get the stub's 500.
    next.enqueue(response);
    return modelFor(next);
  }

  private ChatModel health(StubResponse response) {
    StubServer next = shared.backend.nextServer();
    next.route("GET", healthPath(), response);
    return modelFor(next);
  }

  private ChatModel modelFor(StubServer server) {
    // The contract scripts one answer per call, so the default retries would replay it; they are off here, unless
    // the options given to withOptions (which come after and win) switch them back on.
    return model(server.uri(), StubBackend.concat(
        new LlmOption[] {LlmOption.httpClient(client), LlmOption.scheduler(scheduler)},
        StubBackend.retriesOffThen(options)));
  }

  private StubResponse json(Answer answer) {
    return StubResponse.json(200, answerBody(answer)).header(requestIdHeader(), ANSWER_REQUEST_ID);
  }

  private StubResponse errorResponse(ErrorCode code) {
    WireError error = row(code);
    if (error.status() == 0) {
      throw new IllegalArgumentException("contract target '" + name + "' has no HTTP error for " + code);
    }
    StubResponse response = StubResponse.json(error.status(), errorBody(error))
        .header(requestIdHeader(), "req_" + code.errorType());
    return code == ErrorCode.RATE_LIMIT ? withRetryHint(response) : response;
  }

  private WireError row(ErrorCode code) {
    WireError error = errors().get(code);
    if (error == null) {
      throw new IllegalArgumentException("contract target '" + name + "' has no wire error for " + code);
    }
    return error;
  }

  private Map<ErrorCode, WireError> errors() {
    Map<ErrorCode, WireError> errors = new EnumMap<>(ErrorCode.class);
    for (WireError error : errorTable()) {
      errors.put(error.code(), error);
    }
    errors.put(ErrorCode.NETWORK, WireError.notHttp(ErrorCode.NETWORK));
    errors.put(ErrorCode.INVALID_RESPONSE, WireError.notHttp(ErrorCode.INVALID_RESPONSE));
    return errors;
  }

  private List<String> textFrames(int block, String text) {
    return block(openText(block), text, part -> textDelta(block, part), closeText(block));
  }

  /** One block of a streamed answer: its opening frames, a delta per few code points of the whole, its closing. */
  private static List<String> block(List<String> open, String whole, Function<String, String> delta,
      List<String> close) {
    List<String> frames = new ArrayList<>(open);
    for (String part : split(whole)) {
      frames.add(delta.apply(part));
    }
    frames.addAll(close);
    return frames;
  }

  private StubResponse emptyStream() {
    StubResponse stream = framing == Framing.NDJSON ? StubResponse.ndjson() : StubResponse.sse();
    return stream.header(requestIdHeader(), ANSWER_REQUEST_ID);
  }

  /** A stream of these frames, one piece each, with no pause and no end. */
  private StubResponse paced(List<String> frames) {
    StubResponse response = emptyStream();
    for (String frame : frames) {
      response = response.chunk(framing.wire(frame), Duration.ZERO);
    }
    return response;
  }

  /** A stream of these frames, sent in small chunks that cut frames and UTF-8 sequences. */
  private StubResponse chunked(List<String> frames) {
    StringBuilder text = new StringBuilder();
    frames.forEach(frame -> text.append(framing.wire(frame)));
    byte[] wire = text.toString().getBytes(StandardCharsets.UTF_8);
    StubResponse response = emptyStream();
    for (int offset = 0; offset < wire.length; offset += NETWORK_CHUNK_BYTES) {
      response = response.chunk(Arrays.copyOfRange(wire, offset, Math.min(wire.length, offset + NETWORK_CHUNK_BYTES)),
          Duration.ZERO);
    }
    return response;
  }

  private StubResponse buildEndless() {
    List<String> opening = new ArrayList<>(startFrames(Usage.empty()));
    opening.addAll(openText(0));
    StubResponse response = paced(opening);
    String delta = framing.wire(textDelta(0, ENDLESS_TEXT));
    for (int i = 0; i < ENDLESS_DELTAS; i++) {
      response = response.chunk(delta, ENDLESS_PACE);
    }
    return response;
  }

  private UnsupportedOperationException notImplemented(Capability capability, String method) {
    return new UnsupportedOperationException("contract target '" + name + "' declares capability " + capability
        + " but does not implement " + method + "(...); implement it or drop the capability");
  }

  /** What a target and the targets derived from it share. */
  private static final class Shared {
    private final StubBackend backend;
    /** Built once, on first use: twelve thousand pieces take a moment to assemble, and a response is immutable. */
    private StubResponse endless;

    Shared(StubBackend backend) {
      this.backend = backend;
    }

    StubResponse endless(HttpContractTarget target) {
      if (endless == null) {
        endless = target.buildEndless();
      }
      return endless;
    }
  }

  /**
   * How a provider frames its streams, which is how each frame a subclass returns goes on the wire.
   *
   * @since 0.1.0
   */
  public enum Framing {
    /** Server-sent events, each frame the data of one event: {@code data: <frame>} and a blank line. */
    SSE,
    /**
     * Server-sent events, each frame a whole event with its name and a blank line at the end, as
     * {@link #sseEvent(String, String)} makes one.
     */
    SSE_EVENTS,
    /** Newline-delimited JSON, each frame one line. */
    NDJSON;

    String wire(String frame) {
      switch (this) {
        case SSE:
          return "data: " + frame + "\n\n";
        case NDJSON:
          return frame + "\n";
        default:
          return frame;
      }
    }
  }

  /**
   * What a non-streamed answer holds, for {@link #answerBody(Answer)}. Immutable and thread-safe.
   *
   * @param text the answer's text; empty when it has none (a tool-call answer)
   * @param reasoning readable reasoning before the text; empty when there is none
   * @param toolCalls the tool calls, in order; empty when there are none
   * @param structured whether the text is the JSON of a structured-output answer, which a provider that asks for a
   *     format with a forced tool returns as that tool's call
   * @param usage the usage to report; empty when the scenario reports none
   * @param finish {@code STOP}, {@code LENGTH} or {@code TOOL_CALLS}
   * @since 0.1.0
   */
  public record Answer(String text, String reasoning, List<ToolCall> toolCalls, boolean structured, Usage usage,
      FinishReason finish) {
    /**
     * Checks and copies the parts.
     *
     * @param text the answer's text; empty when it has none
     * @param reasoning readable reasoning before the text; empty when there is none
     * @param toolCalls the tool calls, in order; empty when there are none
     * @param structured whether the text is the JSON of a structured-output answer
     * @param usage the usage to report; empty when the scenario reports none
     * @param finish {@code STOP}, {@code LENGTH} or {@code TOOL_CALLS}
     * @throws NullPointerException if a part is null
     */
    public Answer {
      Objects.requireNonNull(text, "text");
      Objects.requireNonNull(reasoning, "reasoning");
      toolCalls = List.copyOf(toolCalls);
      Objects.requireNonNull(usage, "usage");
      Objects.requireNonNull(finish, "finish");
    }
  }

  /**
   * One row of a provider's error table: how its wire sends one error code. Immutable and thread-safe.
   *
   * @param code the code the provider's classifier must map the error to
   * @param status the HTTP status, or 0 when the error is not an HTTP error status
   * @param type the provider's error type, or null
   * @param providerCode the provider's error code, or null
   * @param message the error's message
   * @param midStream whether a 200 stream can also fail part-way with it (through {@link #errorFrame(WireError)})
   * @since 0.1.0
   */
  public record WireError(ErrorCode code, int status, String type, String providerCode, String message,
      boolean midStream) {
    /**
     * Checks the parts.
     *
     * @param code the code the provider's classifier must map the error to
     * @param status the HTTP status, or 0 when the error is not an HTTP error status
     * @param type the provider's error type, or null
     * @param providerCode the provider's error code, or null
     * @param message the error's message
     * @param midStream whether a 200 stream can also fail part-way with it
     * @throws NullPointerException if the code or the message is null
     */
    public WireError {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(message, "message");
    }

    /**
     * Creates a row for an HTTP error that does not come mid-stream, with the message
     * {@code scripted <error type> failure}.
     *
     * @param code the code it maps to
     * @param status the HTTP status
     * @param type the provider's error type, or null
     * @param providerCode the provider's error code, or null
     * @return the row
     * @since 0.1.0
     */
    public static WireError of(ErrorCode code, int status, String type, String providerCode) {
      return new WireError(code, status, type, providerCode, "scripted " + code.errorType() + " failure", false);
    }

    /**
     * {@return a copy of this row with another message}
     *
     * @param text the message, as the provider words it
     * @since 0.1.0
     */
    public WireError withMessage(String text) {
      return new WireError(code, status, type, providerCode, text, midStream);
    }

    /**
     * {@return a copy of this row that can also come inside a 200 stream, as {@link #errorFrame(WireError)}}
     *
     * @since 0.1.0
     */
    public WireError alsoMidStream() {
      return new WireError(code, status, type, providerCode, message, true);
    }

    static WireError notHttp(ErrorCode code) {
      return new WireError(code, 0, null, null, code.errorType(), true);
    }
  }
}
